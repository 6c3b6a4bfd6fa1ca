/** The spread of each configuration's latency samples, as Tukey box plots (the outlier rule the statistics use). */
import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from '../report-data.js';
import { type Chart, NOTHING_FINISHED, skipped, VEGA_LITE_SCHEMA } from './chart.js';

const ID = 'distribution';
const TITLE = 'Latency distribution per configuration (relative to its median, log scale)';
/** Samples drawn per configuration; more only grows the page. */
export const MAX_POINTS = 400;

/** Evenly spaced order statistics: keeps the quantiles (and so the box plot) while bounding the data size. */
export function thinSorted(samples: number[], max: number): number[] {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length <= max) return sorted;
  return Array.from({ length: max }, (_, i) => sorted[Math.round((i * (sorted.length - 1)) / (max - 1))]!);
}

export function distributionChart(data: ReportData): Chart {
  if (data.ok.length === 0) return skipped(ID, TITLE, NOTHING_FINISHED);
  const sampled = data.ok.filter((e) => e.result.samplesMs.length > 0);
  if (sampled.length === 0) return skipped(ID, TITLE, 'no configuration kept raw samples');
  // Each sample over its configuration's median, on a log axis: one axis shows every configuration's
  // spread whether it runs in 0.1 ms or 100 ms, and a 1000x stall stays on the page without
  // flattening the boxes (the table keeps the milliseconds).
  const values = sampled.flatMap((e) =>
    thinSorted(e.result.samplesMs, MAX_POINTS).map((ms) => ({ config: e.label, ms, relative: ms / e.result.stats.medianMs })),
  );
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: TITLE,
      subtitle: `box: quartiles and median; whiskers: 1.5 IQR (Tukey); dots: outliers; at most ${MAX_POINTS} evenly spaced order statistics per configuration`,
    },
    data: { values },
    width: 520,
    mark: { type: 'boxplot', extent: 1.5, color: '#4c78a8', median: { color: 'white' } },
    encoding: {
      // Aggregation reorders rows: keep the run's order, as in the table.
      y: { field: 'config', type: 'nominal', title: null, sort: sampled.map((e) => e.label) },
      x: { field: 'relative', type: 'quantitative', title: "sample / the configuration's median (log scale)", scale: { type: 'log' }, axis: { format: '~g' } },
    },
  };
  return {
    kind: 'chart',
    id: ID,
    title: TITLE,
    spec,
    table: {
      columns: ['configuration', 'samples', 'min (ms)', 'p05 (ms)', 'median (ms)', 'p95 (ms)', 'p99 (ms)', 'max (ms)', 'CV', 'outliers', 'noisy'],
      rows: sampled.map((e) => {
        const s = e.result.stats;
        return [e.label, s.n, s.minMs, s.p05Ms, s.medianMs, s.p95Ms, s.p99Ms, s.maxMs, s.cv, s.outliers, e.result.noise.noisy];
      }),
    },
  };
}
