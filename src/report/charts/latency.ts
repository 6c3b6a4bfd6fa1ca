/** Median latency by model and backend/target, one panel per batch size, with the median's 95% CI. */
import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from '../report-data.js';
import { BATCH_HEADER, type Chart, NOTHING_FINISHED, skipped, VEGA_LITE_SCHEMA } from './chart.js';

const ID = 'latency';
const TITLE = 'Median latency by model and backend/target (ms, 95% CI)';

export function latencyChart(data: ReportData): Chart {
  if (data.ok.length === 0) return skipped(ID, TITLE, NOTHING_FINISHED);
  const values = data.ok.map((e) => ({
    model: e.model,
    series: e.series,
    batch: e.batch,
    medianMs: e.result.stats.medianMs,
    ciLowMs: e.result.stats.medianCiLowMs,
    ciHighMs: e.result.stats.medianCiHighMs,
    n: e.result.stats.n,
    noisy: e.result.noise.noisy,
  }));
  const y = { field: 'model', type: 'nominal', title: null } as const;
  const yOffset = { field: 'series', type: 'nominal' } as const;
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: TITLE, subtitle: 'bar: median of the samples; line: its 95% confidence interval; one panel per batch size' },
    data: { values },
    facet: { row: { field: 'batch', type: 'ordinal', title: null, header: BATCH_HEADER } },
    // Batch sizes differ by orders of magnitude: each panel gets its own latency axis.
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 520,
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            y,
            yOffset,
            x: { field: 'medianMs', type: 'quantitative', title: 'median latency (ms)' },
            color: { field: 'series', type: 'nominal', title: 'backend/target' },
            tooltip: [
              { field: 'model' },
              { field: 'series', title: 'backend/target' },
              { field: 'batch' },
              { field: 'medianMs', title: 'median (ms)', format: '.4~f' },
              { field: 'ciLowMs', title: 'CI low (ms)', format: '.4~f' },
              { field: 'ciHighMs', title: 'CI high (ms)', format: '.4~f' },
              { field: 'n', title: 'samples' },
              { field: 'noisy' },
            ],
          },
        },
        {
          mark: { type: 'rule', color: 'black' },
          encoding: {
            y,
            yOffset,
            x: { field: 'ciLowMs', type: 'quantitative' },
            x2: { field: 'ciHighMs' },
          },
        },
      ],
    },
  };
  return {
    kind: 'chart',
    id: ID,
    title: TITLE,
    spec,
    table: {
      columns: ['model', 'backend/target', 'batch', 'median (ms)', 'CI low (ms)', 'CI high (ms)', 'samples', 'noisy'],
      rows: values.map((v) => [v.model, v.series, v.batch, v.medianMs, v.ciLowMs, v.ciHighMs, v.n, v.noisy]),
    },
  };
}
