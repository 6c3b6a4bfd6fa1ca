/** What the first use costs (session create, first run) beside the steady-state median, per configuration. */
import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from '../report-data.js';
import { type Chart, NOTHING_FINISHED, skipped, VEGA_LITE_SCHEMA } from './chart.js';

const ID = 'cold-start';
const TITLE = 'Cold start vs steady state per configuration (ms, log scale)';
const PHASES = ['session create', 'first run', 'steady-state median'] as const;

export function coldStartChart(data: ReportData): Chart {
  if (data.ok.length === 0) return skipped(ID, TITLE, NOTHING_FINISHED);
  const configs = data.ok.map((e) => ({
    config: e.label,
    createMs: e.result.createMs,
    firstRunMs: e.result.firstRunMs,
    medianMs: e.result.stats.medianMs,
  }));
  const values = configs.flatMap((c) => [
    { config: c.config, phase: PHASES[0], ms: c.createMs },
    { config: c.config, phase: PHASES[1], ms: c.firstRunMs },
    { config: c.config, phase: PHASES[2], ms: c.medianMs },
  ]);
  const y = { field: 'config', type: 'nominal', title: null, sort: null } as const;
  // Create can be 1000x the steady median: a log axis keeps both readable.
  const x = { field: 'ms', type: 'quantitative', title: 'time (ms, log scale)', scale: { type: 'log' } } as const;
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: TITLE, subtitle: 'create and first run are measured once, never mixed into the steady-state samples' },
    data: { values },
    width: 520,
    layer: [
      {
        mark: { type: 'rule', color: '#bbb' },
        encoding: { y, x: { ...x, aggregate: 'min' }, x2: { field: 'ms', aggregate: 'max' } },
      },
      {
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          y,
          x,
          color: { field: 'phase', type: 'nominal', title: null, sort: [...PHASES], scale: { domain: [...PHASES] } },
          shape: { field: 'phase', type: 'nominal', title: null, sort: [...PHASES], scale: { domain: [...PHASES] } },
          tooltip: [{ field: 'config', title: 'configuration' }, { field: 'phase' }, { field: 'ms', title: 'ms', format: '.4~f' }],
        },
      },
    ],
  };
  return {
    kind: 'chart',
    id: ID,
    title: TITLE,
    spec,
    table: {
      columns: ['configuration', 'create (ms)', 'first run (ms)', 'steady median (ms)', 'first run / median'],
      rows: configs.map((c) => [c.config, c.createMs, c.firstRunMs, c.medianMs, c.firstRunMs / c.medianMs]),
    },
  };
}
