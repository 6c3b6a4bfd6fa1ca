import { describe, expect, it } from 'vitest';
import { comparisonChart } from '../../../src/report/charts/comparison.js';
import { fixtureComparison, fixtureData } from '../helpers.js';
import { drawn } from './drawn.js';

describe('comparisonChart', () => {
  it('ratio points with CI rules colored by verdict, over the threshold band', () => {
    const c = drawn(comparisonChart(fixtureData('full', fixtureComparison())));
    expect(c.title).toBe('Latency ratio head/base per configuration (x, 95% bootstrap CI)');
    expect(c.json.title.subtitle).toBe('base ort 1.29.0 -> head ort 1.30.0; shaded: ±5% threshold; Holm-Bonferroni over 4 configurations');
    const [band, one, points] = c.json.layer;
    expect(band.data.values).toEqual([{ low: 0.95, high: 1.05 }]);
    expect(one.data.values).toEqual([{ one: 1 }]);
    expect(points.data.values[0]).toEqual({
      config: 'resnet-mini ort:cpu batch 1',
      ratio: 1.12,
      ciLow: 1.08,
      ciHigh: 1.16,
      verdict: 'regression',
      baseMedianMs: 1,
      headMedianMs: 1.12,
      pAdjusted: 0.04,
      thresholdPct: 5,
    });
    expect(points.layer[1].encoding.color.scale).toEqual({
      domain: ['regression', 'improvement', 'unchanged', 'inconclusive'],
      range: ['#d62728', '#2ca02c', '#7f7f7f', '#ff7f0e'],
    });
    expect(points.layer[0].encoding.x.field).toBe('ciLow');
    expect(points.layer[0].encoding.x2).toEqual({ field: 'ciHigh' });
    expect(c.table.rows.map((r) => r.at(-1))).toEqual(['regression', 'improvement', 'unchanged', 'inconclusive']);
    expect(c.spec).toMatchSnapshot();
  });

  it('is skipped without a comparison', () => {
    const chart = comparisonChart(fixtureData('full'));
    expect(chart.kind === 'skipped' && chart.reason).toBe('no comparison given (dnnperf compare <base> <head>, or gate, produces one)');
  });
});
