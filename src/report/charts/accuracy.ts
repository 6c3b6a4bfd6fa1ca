/**
 * Accuracy cost of every configuration that was compared with the FP32 reference (other
 * backends, FP16 targets, other engines such as OpenCV): relative L2 error on a log axis,
 * with max abs error and cosine similarity in the table.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from '../report-data.js';
import { type Chart, NOTHING_FINISHED, skipped, VEGA_LITE_SCHEMA } from './chart.js';

const ID = 'accuracy';
const TITLE = 'Accuracy against the FP32 reference per configuration (relative L2 error, log scale)';
/** Errors of exactly 0 cannot sit on a log axis: they are drawn at this floor (the table keeps 0). */
const LOG_FLOOR = 1e-12;

export function accuracyChart(data: ReportData): Chart {
  if (data.ok.length === 0) return skipped(ID, TITLE, NOTHING_FINISHED);
  const all = data.ok.flatMap((e) => {
    const a = e.result.accuracy;
    return a
      ? [{ config: e.label, reference: a.reference, relL2Error: a.relL2Error, maxAbsError: a.maxAbsError, cosine: a.cosine, notMeasurable: a.notMeasurable }]
      : [];
  });
  // A figure that says nothing is not drawn: its row says why instead.
  const rows = all.filter((r) => !r.notMeasurable);
  if (rows.length === 0) {
    return skipped(
      ID,
      TITLE,
      all.length > 0
        ? `no measurable accuracy figure: ${all.map((r) => `${r.config}: not measurable (${r.notMeasurable})`).join('; ')}`
        : 'no configuration was compared with a reference (only the reference itself ran, or outputs could not be compared)',
    );
  }
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: TITLE, subtitle: "each configuration's outputs against the reference run's on the same inputs; lower is closer" },
    data: { values: rows.map(({ notMeasurable: _, ...r }) => ({ ...r, plotted: Math.max(r.relL2Error, LOG_FLOOR) })) },
    width: 520,
    mark: { type: 'point', filled: true, size: 70 },
    encoding: {
      y: { field: 'config', type: 'nominal', title: null, sort: null },
      x: { field: 'plotted', type: 'quantitative', title: 'relative L2 error ||out - ref|| / ||ref|| (log scale)', scale: { type: 'log' } },
      color: { field: 'reference', type: 'nominal', title: 'reference' },
      tooltip: [
        { field: 'config', title: 'configuration' },
        { field: 'relL2Error', title: 'relative L2', format: '.3e' },
        { field: 'maxAbsError', title: 'max abs error', format: '.3e' },
        { field: 'cosine', format: '.8f' },
      ],
    },
  };
  return {
    kind: 'chart',
    id: ID,
    title: TITLE,
    spec,
    table: {
      columns: ['configuration', 'reference', 'relative L2 error', 'max abs error', 'cosine'],
      rows: all.map((r) =>
        r.notMeasurable
          ? [r.config, r.reference, `not measurable: ${r.notMeasurable}`, null, null]
          : [r.config, r.reference, r.relL2Error, r.maxAbsError, r.cosine],
      ),
    },
  };
}
