/**
 * What throughput costs in latency, per model: samples/s against p99 per request, one line per
 * backend/target (and concurrency mode) through each batch's concurrency levels, every point
 * labelled batch x concurrency, the Pareto front ringed, the latency budget drawn when the run
 * had one. Points come from every configuration of a concurrency sweep (--concurrency).
 */
import type { TopLevelSpec } from 'vega-lite';
import { percentileOf } from '../../stats/latency-percentiles.js';
import type { OkEntry, ReportData } from '../report-data.js';
import { type Chart, NOTHING_FINISHED, skipped, VEGA_LITE_SCHEMA } from './chart.js';
import { paretoFront } from './pareto.js';

const ID = 'throughput-latency';
const TITLE = 'Throughput against p99 latency per model (samples/s, batch x concurrency)';

export function throughputPoints(data: ReportData): OkEntry[] {
  return [...data.ok, ...data.concurrent].filter((e) => e.result.load);
}

/** The latency budget the runs searched with, if any (the first, when runs differ). */
export function budgetOf(data: ReportData): number | undefined {
  return data.runs.map((r) => r.manifest.latencyBudget?.budgetMs).find((b) => b !== undefined);
}

export function throughputLatencyChart(data: ReportData): Chart {
  if (data.ok.length + data.concurrent.length === 0) return skipped(ID, TITLE, NOTHING_FINISHED);
  const entries = throughputPoints(data);
  if (entries.length === 0) {
    return skipped(ID, TITLE, 'no configuration has a throughput point (measure a concurrency sweep, e.g. --concurrency 1,2,4,8)');
  }
  const budget = budgetOf(data);
  const rows = entries
    .map((e) => {
      const load = e.result.load!;
      const p = (n: number) => percentileOf(load.latency, n);
      return {
        model: e.model,
        // Concurrency 1 belongs to every mode's line; its mode is the sequential protocol.
        line: load.mode === 'shared' ? `${e.series} shared` : e.series,
        series: e.series,
        mode: load.mode,
        batch: e.batch,
        concurrency: load.concurrency,
        point: `b${e.batch}xc${load.concurrency}`,
        samplesPerS: load.samplesPerS,
        inferencesPerS: load.inferencesPerS,
        p50Ms: p(50).ms,
        p90Ms: p(90).ms,
        p99Ms: p(99).ms,
        p99CiLowMs: p(99).ciLowMs,
        p99CiHighMs: p(99).ciHighMs,
        p99CiBounded: p(99).ciBounded,
        p999Ms: p(99.9).ms,
        stable: load.stability.stable,
        busyCores: load.cpu?.busyCores ?? null,
        gpuUtilisationPct: load.gpu && 'utilisationPct' in load.gpu ? load.gpu.utilisationPct : null,
      };
    })
    .sort((a, b) => a.model.localeCompare(b.model) || a.line.localeCompare(b.line) || a.batch - b.batch || a.concurrency - b.concurrency);
  const front = new Set<(typeof rows)[number]>();
  for (const model of new Set(rows.map((r) => r.model))) for (const r of paretoFront(rows.filter((x) => x.model === model))) front.add(r);
  const values = rows.map((r) => ({ ...r, pareto: front.has(r), ...(budget !== undefined ? { withinBudget: r.p99Ms <= budget } : {}) }));
  // Shared mode's concurrency 1 point is the sequential one: repeat it on the shared line so that line starts there too.
  const lines = values.flatMap((v) =>
    v.mode === 'sequential' && values.some((w) => w.mode === 'shared' && w.series === v.series && w.model === v.model && w.batch === v.batch)
      ? [v, { ...v, line: `${v.series} shared` }]
      : [v],
  );
  const x = { field: 'p99Ms', type: 'quantitative', title: 'p99 latency per request (ms, log scale)', scale: { type: 'log' } } as const;
  const y = { field: 'samplesPerS', type: 'quantitative', title: 'throughput (samples/s, log scale)', scale: { type: 'log' } } as const;
  const color = { field: 'line', type: 'nominal', title: 'backend/target' } as const;
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: TITLE,
      subtitle:
        'a line per backend/target and batch through concurrency 1, 2, 4, ...; ringed: the Pareto front (nothing else is both faster and quicker)' +
        (budget !== undefined ? `; dashed: the p99 budget of ${budget} ms` : ''),
    },
    data: { values: lines },
    facet: { row: { field: 'model', type: 'nominal', title: null, header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top' } } },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: 520,
      height: 300,
      layer: [
        {
          mark: { type: 'line', point: false, opacity: 0.6 },
          encoding: { x, y, color, detail: { field: 'batch', type: 'ordinal' }, order: { field: 'concurrency', type: 'quantitative' } },
        },
        {
          mark: { type: 'point', filled: true, size: 60 },
          encoding: {
            x,
            y,
            color,
            shape: { field: 'stable', type: 'nominal', title: 'stable', scale: { domain: [true, false], range: ['circle', 'triangle'] } },
            tooltip: [
              { field: 'line', title: 'backend/target' },
              { field: 'point', title: 'batch x concurrency' },
              { field: 'samplesPerS', title: 'samples/s', format: '.1f' },
              { field: 'inferencesPerS', title: 'inferences/s', format: '.1f' },
              { field: 'p50Ms', title: 'p50 (ms)', format: '.3f' },
              { field: 'p99Ms', title: 'p99 (ms)', format: '.3f' },
              { field: 'p999Ms', title: 'p99.9 (ms)', format: '.3f' },
              { field: 'pareto', title: 'Pareto front' },
            ],
          },
        },
        {
          transform: [{ filter: 'datum.pareto' }],
          mark: { type: 'point', filled: false, size: 220, strokeWidth: 1.5, color: 'black' },
          encoding: { x, y },
        },
        { mark: { type: 'text', dx: 7, dy: -7, align: 'left', fontSize: 9 }, encoding: { x, y, text: { field: 'point' }, color } },
        ...(budget !== undefined
          ? [{ mark: { type: 'rule' as const, strokeDash: [5, 4], color: '#d62728' }, encoding: { x: { datum: budget, type: 'quantitative' as const } } }]
          : []),
      ],
    },
  };
  const columns = [
    'model',
    'backend/target',
    'mode',
    'batch',
    'concurrency',
    'samples/s',
    'inferences/s',
    'p50 (ms)',
    'p90 (ms)',
    'p99 (ms)',
    'p99 CI low (ms)',
    'p99 CI high (ms)',
    'p99.9 (ms)',
    'stable',
    'Pareto front',
    ...(budget !== undefined ? [`p99 <= ${budget} ms`] : []),
    'CPU cores busy',
    'GPU busy (%)',
  ];
  return {
    kind: 'chart',
    id: ID,
    title: TITLE,
    spec,
    table: {
      columns,
      rows: values.map((v) => [
        v.model,
        v.series,
        v.mode,
        v.batch,
        v.concurrency,
        v.samplesPerS,
        v.inferencesPerS,
        v.p50Ms,
        v.p90Ms,
        v.p99Ms,
        v.p99CiLowMs,
        v.p99CiBounded ? v.p99CiHighMs : `>= ${Number(v.p99CiHighMs.toPrecision(6))} (unbounded)`,
        v.p999Ms,
        v.stable,
        v.pareto,
        ...(budget !== undefined ? [v.withinBudget ?? null] : []),
        v.busyCores,
        v.gpuUtilisationPct,
      ]),
    },
  };
}
