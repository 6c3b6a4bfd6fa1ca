import { describe, expect, it } from 'vitest';
import { accuracyChart } from '../../../src/report/charts/accuracy.js';
import { fixtureData } from '../helpers.js';
import { drawn } from './drawn.js';

describe('accuracyChart', () => {
  it('plots the relative L2 error of every configuration compared with the reference, exact numbers in the table', () => {
    const c = drawn(accuracyChart(fixtureData('full')));
    expect(c.title).toBe('Accuracy against the FP32 reference per configuration (relative L2 error, log scale)');
    expect(c.json.encoding.x.scale).toEqual({ type: 'log' });
    expect(c.table.columns).toEqual(['configuration', 'reference', 'relative L2 error', 'max abs error', 'cosine']);
    expect(c.table.rows).toContainEqual(['resnet-mini ort:cuda/fp16 batch 1', 'ort:cpu', 0.00061, 0.0021, 0.9999998]);
    // The reference itself is not compared with itself.
    expect(c.table.rows.some((r) => String(r[0]).includes('ort:cpu ·'))).toBe(false);
    expect(c.spec).toMatchSnapshot();
  });

  it('is skipped with the reason when nothing was compared', () => {
    const chart = accuracyChart(fixtureData('empty'));
    expect(chart.kind).toBe('skipped');
  });
});
