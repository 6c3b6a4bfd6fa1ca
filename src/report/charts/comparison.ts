/** Head/base latency ratio per configuration with its CI, against the regression threshold band, colored by verdict. */
import type { TopLevelSpec } from 'vega-lite';
import type { Verdict } from '../../compare/types.js';
import { configLabel } from '../../results/config-label.js';
import type { ReportData } from '../report-data.js';
import { type Chart, COLORS, skipped, VEGA_LITE_SCHEMA } from './chart.js';

const ID = 'comparison';
const TITLE = 'Latency ratio head/base per configuration (x, 95% bootstrap CI)';
const VERDICTS: Verdict[] = ['regression', 'improvement', 'unchanged', 'inconclusive'];

export function comparisonChart(data: ReportData): Chart {
  const cmp = data.comparison;
  if (!cmp) return skipped(ID, TITLE, 'no comparison given (dnnperf compare <base> <head>, or gate, produces one)');
  if (cmp.configs.length === 0) return skipped(ID, TITLE, 'the comparison matched no configuration between base and head');
  const values = cmp.configs.map((c) => ({
    // Throughput rows carry base / head, so that above 1 reads "worse" on the same axis as latency.
    config: `${configLabel(c)}${c.metric === 'throughput' ? ' (base/head)' : ''}`,
    ratio: c.ratio,
    ciLow: c.ratioCiLow,
    ciHigh: c.ratioCiHigh,
    verdict: c.verdict,
    baseMedianMs: c.baseMedianMs,
    headMedianMs: c.headMedianMs,
    pAdjusted: c.pAdjusted,
    thresholdPct: c.thresholdPct,
  }));
  const band = { low: 1 - cmp.thresholdPct / 100, high: 1 + cmp.thresholdPct / 100 };
  const y = { field: 'config', type: 'nominal', title: null, sort: null } as const;
  const x = { type: 'quantitative', title: 'head / base median (above 1: slower)', scale: { zero: false } } as const;
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: TITLE,
      subtitle: `base ${cmp.base.label} -> head ${cmp.head.label}; shaded: ±${cmp.thresholdPct}% threshold; ${cmp.correction}`,
    },
    width: 520,
    layer: [
      {
        data: { values: [band] },
        mark: { type: 'rect', color: '#eee' },
        encoding: { x: { ...x, field: 'low' }, x2: { field: 'high' } },
      },
      { data: { values: [{ one: 1 }] }, mark: { type: 'rule', color: '#888', strokeDash: [4, 3] }, encoding: { x: { ...x, field: 'one' } } },
      {
        data: { values },
        layer: [
          {
            mark: { type: 'rule' },
            encoding: {
              y,
              x: { ...x, field: 'ciLow' },
              x2: { field: 'ciHigh' },
              color: { field: 'verdict', type: 'nominal', legend: null, scale: { domain: VERDICTS, range: VERDICTS.map((v) => COLORS[v]) } },
            },
          },
          {
            mark: { type: 'point', filled: true, size: 70 },
            encoding: {
              y,
              x: { ...x, field: 'ratio' },
              color: { field: 'verdict', type: 'nominal', title: 'verdict', scale: { domain: VERDICTS, range: VERDICTS.map((v) => COLORS[v]) } },
              tooltip: [
                { field: 'config', title: 'configuration' },
                { field: 'ratio', format: '.4f' },
                { field: 'ciLow', title: 'CI low', format: '.4f' },
                { field: 'ciHigh', title: 'CI high', format: '.4f' },
                { field: 'verdict' },
                { field: 'pAdjusted', title: 'adjusted p', format: '.3g' },
              ],
            },
          },
        ],
      },
    ],
  };
  return {
    kind: 'chart',
    id: ID,
    title: TITLE,
    spec,
    table: {
      columns: ['configuration', 'base median (ms)', 'head median (ms)', 'ratio', 'CI low', 'CI high', 'adjusted p', 'threshold (%)', 'verdict'],
      rows: values.map((v) => [v.config, v.baseMedianMs, v.headMedianMs, v.ratio, v.ciLow, v.ciHigh, v.pAdjusted, v.thresholdPct, v.verdict]),
    },
  };
}
