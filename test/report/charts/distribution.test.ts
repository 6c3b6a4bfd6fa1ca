import { describe, expect, it } from 'vitest';
import { distributionChart, thinSorted } from '../../../src/report/charts/distribution.js';
import { fixtureData } from '../helpers.js';
import { drawn } from './drawn.js';

describe('thinSorted', () => {
  it('keeps small samples whole, sorted', () => {
    expect(thinSorted([3, 1, 2], 5)).toEqual([1, 2, 3]);
  });
  it('takes evenly spaced order statistics, keeping min and max', () => {
    expect(thinSorted([9, 8, 7, 6, 5, 4, 3, 2, 1, 0], 4)).toEqual([0, 3, 6, 9]);
  });
});

describe('distributionChart', () => {
  it("a Tukey box plot of each configuration's samples relative to its median", () => {
    const data = fixtureData('full');
    const c = drawn(distributionChart(data));
    expect(c.title).toBe('Latency distribution per configuration (relative to its median, log scale)');
    const values: Array<{ config: string; ms: number; relative: number }> = c.json.data.values;
    expect(values).toHaveLength(11 * 40);
    const first = data.ok[0]!;
    const rows = values.filter((v) => v.config === first.label);
    expect(rows.map((r) => r.ms)).toEqual([...first.result.samplesMs].sort((a, b) => a - b));
    expect(rows[0]!.relative).toBe(rows[0]!.ms / 2.4527);
    expect(c.json.encoding.x.scale).toEqual({ type: 'log' });
    expect(c.json.mark).toEqual({ type: 'boxplot', extent: 1.5, color: '#4c78a8', median: { color: 'white' } });
    expect(c.json.encoding.y.sort).toEqual(data.ok.map((e) => e.label));
    expect(c.table.columns).toEqual([
      'configuration',
      'samples',
      'min (ms)',
      'p05 (ms)',
      'median (ms)',
      'p95 (ms)',
      'p99 (ms)',
      'max (ms)',
      'CV',
      'outliers',
      'noisy',
    ]);
    // The 440 data points are checked above; the snapshot holds the encoding.
    expect({ ...c.json, data: { values: `${values.length} points` } }).toMatchSnapshot();
  });
});
