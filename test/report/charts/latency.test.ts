import { describe, expect, it } from 'vitest';
import { latencyChart } from '../../../src/report/charts/latency.js';
import { fixtureData } from '../helpers.js';
import { drawn } from './drawn.js';

describe('latencyChart', () => {
  it('one bar per finished configuration with the median CI, a panel per batch size', () => {
    const c = drawn(latencyChart(fixtureData('full')));
    expect(c.title).toBe('Median latency by model and backend/target (ms, 95% CI)');
    expect(c.json.title.text).toBe(c.title);
    const values = c.json.data.values;
    expect(values).toHaveLength(11);
    expect(values[0]).toEqual({ model: 'resnet-mini', series: 'ort:cpu', batch: 1, medianMs: 2.4527, ciLowMs: 2.4324, ciHighMs: 2.4735, n: 40, noisy: true });
    expect(c.json.facet.row.field).toBe('batch');
    expect(c.json.resolve).toEqual({ scale: { x: 'independent' } });
    const [bar, rule] = c.json.spec.layer;
    expect(bar.encoding.x).toEqual({ field: 'medianMs', type: 'quantitative', title: 'median latency (ms)' });
    expect(bar.encoding.color.field).toBe('series');
    expect(bar.encoding.yOffset.field).toBe('series');
    expect(rule.encoding.x.field).toBe('ciLowMs');
    expect(rule.encoding.x2).toEqual({ field: 'ciHighMs' });
    expect(c.table.columns).toEqual(['model', 'backend/target', 'batch', 'median (ms)', 'CI low (ms)', 'CI high (ms)', 'samples', 'noisy']);
    expect(c.table.rows[0]).toEqual(['resnet-mini', 'ort:cpu', 1, 2.4527, 2.4324, 2.4735, 40, true]);
    expect(c.spec).toMatchSnapshot();
  });

  it('is skipped when nothing finished', () => {
    expect(latencyChart(fixtureData('empty'))).toEqual({
      kind: 'skipped',
      id: 'latency',
      title: 'Median latency by model and backend/target (ms, 95% CI)',
      reason: 'no configuration finished with status ok',
    });
  });
});
