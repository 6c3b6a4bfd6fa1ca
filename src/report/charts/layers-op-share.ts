/** Where each profiled configuration spends its time, by op type. */
import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from '../report-data.js';
import { type Chart, NOTHING_FINISHED, skipped, VEGA_LITE_SCHEMA } from './chart.js';

const ID = 'layers-op-share';
const TITLE = 'Share of per-layer time by op type (% of summed node medians)';
/** Op types shown by name (largest total share first); the rest are summed as "other" to keep the legend readable. */
export const TOP_OP_TYPES = 8;
const OTHER = 'other';
const TABLEAU10 = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6'];
const OTHER_COLOR = '#bab0ac';

export function layersOpShareChart(data: ReportData): Chart {
  if (data.ok.length === 0) return skipped(ID, TITLE, NOTHING_FINISHED);
  const profiled = data.ok.filter((e) => (e.result.layers?.byOpType.length ?? 0) > 0);
  if (profiled.length === 0) {
    return skipped(ID, TITLE, 'no configuration has a per-layer profile (the per-layer pass was off or failed: see problems)');
  }
  // Shares recomputed from totals, so they sum to 1 per configuration whatever the profiler rounded.
  const shareOf = (ops: Array<{ totalMs: number }>, totalMs: number): number => {
    const sum = ops.reduce((s, o) => s + o.totalMs, 0);
    return sum > 0 ? totalMs / sum : 0;
  };
  const weight = new Map<string, number>();
  for (const e of profiled) {
    const ops = e.result.layers!.byOpType;
    for (const o of ops) weight.set(o.opType, (weight.get(o.opType) ?? 0) + shareOf(ops, o.totalMs));
  }
  const named = new Set(
    [...weight.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, TOP_OP_TYPES)
      .map(([op]) => op),
  );
  const values = profiled.flatMap((e) => {
    const layers = e.result.layers!;
    const fallback = layers.fallbackNodes > 0 ? ` (${layers.fallbackNodes} fallback node${layers.fallbackNodes > 1 ? 's' : ''})` : '';
    const groups = new Map<string, { totalMs: number; share: number; count: number }>();
    for (const o of layers.byOpType) {
      const op = named.has(o.opType) ? o.opType : OTHER;
      const g = groups.get(op) ?? { totalMs: 0, share: 0, count: 0 };
      groups.set(op, { totalMs: g.totalMs + o.totalMs, share: g.share + shareOf(layers.byOpType, o.totalMs), count: g.count + o.count });
    }
    return [...groups.entries()].map(([opType, g]) => ({ config: `${e.label}${fallback}`, opType, ...g }));
  });
  const hasOther = values.some((v) => v.opType === OTHER);
  const order = hasOther ? [...named, OTHER] : [...named];
  // Named op types in tableau10 order; "other" in grey so it never reads as an op type.
  const range = [...TABLEAU10.slice(0, named.size), ...(hasOther ? [OTHER_COLOR] : [])];
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: TITLE,
      subtitle: `op types beyond the ${TOP_OP_TYPES} largest are summed as "other"; fallback nodes are counted after the configuration`,
    },
    data: { values },
    width: 520,
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'config', type: 'nominal', title: null, sort: null },
      x: { field: 'share', type: 'quantitative', stack: 'normalize', title: 'share of summed node time', axis: { format: '%' } },
      color: { field: 'opType', type: 'nominal', title: 'op type', sort: order, scale: { domain: order, range } },
      order: { field: 'share', type: 'quantitative', sort: 'descending' },
      tooltip: [
        { field: 'config', title: 'configuration' },
        { field: 'opType', title: 'op type' },
        { field: 'share', format: '.1%' },
        { field: 'totalMs', title: 'total (ms)', format: '.4~f' },
        { field: 'count', title: 'nodes' },
      ],
    },
  };
  return {
    kind: 'chart',
    id: ID,
    title: TITLE,
    spec,
    table: {
      columns: ['configuration', 'op type', 'share (%)', 'total (ms)', 'nodes'],
      rows: values.map((v) => [v.config, v.opType, v.share * 100, v.totalMs, v.count]),
    },
  };
}
