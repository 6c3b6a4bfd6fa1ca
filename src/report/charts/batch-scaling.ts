/** How latency and throughput change with batch size, per model and backend/target. */
import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from '../report-data.js';
import { type Chart, NOTHING_FINISHED, skipped, VEGA_LITE_SCHEMA } from './chart.js';

const ID = 'batch-scaling';
const TITLE = 'Batch scaling: median latency (ms) and throughput (items/s) by batch size';

export function batchScalingChart(data: ReportData): Chart {
  if (data.ok.length === 0) return skipped(ID, TITLE, NOTHING_FINISHED);
  const batches = new Map<string, Set<number>>();
  for (const e of data.ok) {
    const key = `${e.model}\u0000${e.series}`;
    batches.set(key, (batches.get(key) ?? new Set()).add(e.batch));
  }
  const scaled = data.ok.filter((e) => (batches.get(`${e.model}\u0000${e.series}`)?.size ?? 0) > 1);
  if (scaled.length === 0) {
    return skipped(ID, TITLE, 'every model and backend/target was measured at one batch size only (give several with --batch 1,8)');
  }
  // Throughput from the median, items = batch x inferences: one definition whatever the engine reports.
  const values = scaled
    .map((e) => ({
      model: e.model,
      series: e.series,
      batch: e.batch,
      medianMs: e.result.stats.medianMs,
      msPerItem: e.result.stats.medianMs / e.batch,
      itemsPerS: (e.batch * 1000) / e.result.stats.medianMs,
    }))
    .sort((a, b) => a.model.localeCompare(b.model) || a.series.localeCompare(b.series) || a.batch - b.batch);
  const common = {
    x: { field: 'batch', type: 'ordinal', title: 'batch size', axis: { labelAngle: 0 } },
    color: { field: 'model', type: 'nominal', title: 'model' },
    strokeDash: { field: 'series', type: 'nominal', title: 'backend/target' },
    shape: { field: 'series', type: 'nominal', title: 'backend/target' },
    detail: { field: 'series', type: 'nominal' },
  } as const;
  const panel = (field: string, title: string, format: string) => ({
    width: 300,
    height: 240,
    mark: { type: 'line', point: true } as const,
    encoding: {
      ...common,
      // Models differ by orders of magnitude: a log axis keeps the small ones' slopes visible.
      y: { field, type: 'quantitative', title, scale: { type: 'log' } } as const,
      tooltip: [{ field: 'model' }, { field: 'series', title: 'backend/target' }, { field: 'batch' }, { field, title, format }],
    },
  });
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: TITLE, subtitle: 'models and backends measured at more than one batch size; throughput = batch x 1000 / median ms' },
    data: { values },
    hconcat: [panel('medianMs', 'median latency (ms, log scale)', '.4~f'), panel('itemsPerS', 'throughput (items/s, log scale)', '.1f')],
  };
  return {
    kind: 'chart',
    id: ID,
    title: TITLE,
    spec,
    table: {
      columns: ['model', 'backend/target', 'batch', 'median (ms)', 'per item (ms)', 'throughput (items/s)'],
      rows: values.map((v) => [v.model, v.series, v.batch, v.medianMs, v.msPerItem, v.itemsPerS]),
    },
  };
}
