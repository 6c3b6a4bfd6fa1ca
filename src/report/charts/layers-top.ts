/** The slowest nodes of each profiled configuration, fallback nodes in red. */
import type { TopLevelSpec } from 'vega-lite';
import { TIMING_SHORT } from '../details.js';
import type { ReportData } from '../report-data.js';
import { type Chart, COLORS, NOTHING_FINISHED, skipped, VEGA_LITE_SCHEMA } from './chart.js';

const ID = 'layers-top';
/** Nodes per configuration: enough to see where time goes, few enough to read the names. */
export const TOP_N = 10;
const TITLE = `Slowest ${TOP_N} layers per configuration (median ms per node)`;
const REQUESTED = 'ran on the requested backend';
const FALLBACK = 'fallback: ran on another provider';

export function layersTopChart(data: ReportData): Chart {
  if (data.ok.length === 0) return skipped(ID, TITLE, NOTHING_FINISHED);
  const profiled = data.ok.filter((e) => (e.result.layers?.nodes.length ?? 0) > 0);
  if (profiled.length === 0) {
    return skipped(ID, TITLE, 'no configuration has a per-layer profile (the per-layer pass was off or failed: see problems)');
  }
  const values = profiled.flatMap((e) => {
    const layers = e.result.layers!;
    const config = `${e.label} (${layers.timing}: ${TIMING_SHORT[layers.timing] ?? layers.timing})`;
    return [...layers.nodes]
      .sort((a, b) => b.medianMs - a.medianMs)
      .slice(0, TOP_N)
      .map((n, i) => ({
        config,
        rank: i + 1,
        node: n.name,
        opType: n.opType,
        layer: `${n.name} (${n.opType})`,
        provider: n.provider,
        medianMs: n.medianMs,
        placement: n.fallback ? FALLBACK : REQUESTED,
      }));
  });
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: TITLE,
      subtitle: 'from the separate profiling session; red: the node ran on another provider than requested',
    },
    data: { values },
    facet: { row: { field: 'config', type: 'nominal', title: null, header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top' } } },
    resolve: { scale: { y: 'independent', x: 'independent' } },
    spec: {
      width: 480,
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'layer', type: 'nominal', title: null, sort: { field: 'rank', op: 'min' } },
        x: { field: 'medianMs', type: 'quantitative', title: 'median time per node (ms)', axis: { tickCount: 6 } },
        color: {
          field: 'placement',
          type: 'nominal',
          title: null,
          scale: { domain: [REQUESTED, FALLBACK], range: [COLORS.requested, COLORS.fallback] },
        },
        tooltip: [{ field: 'node' }, { field: 'opType', title: 'op type' }, { field: 'provider' }, { field: 'medianMs', title: 'median (ms)', format: '.4~f' }],
      },
    },
  };
  return {
    kind: 'chart',
    id: ID,
    title: TITLE,
    spec,
    table: {
      columns: ['configuration', 'rank', 'node', 'op type', 'provider', 'median (ms)', 'fallback'],
      rows: values.map((v) => [v.config, v.rank, v.node, v.opType, v.provider, v.medianMs, v.placement === FALLBACK]),
    },
  };
}
