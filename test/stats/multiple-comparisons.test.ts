import { describe, expect, it } from 'vitest';
import { holmAdjust } from '../../src/stats/multiple-comparisons.js';

describe('holmAdjust', () => {
  it('steps down and stays monotone (worked by hand)', () => {
    // Sorted 0.005, 0.01, 0.03, 0.04 -> x4, x3, x2, x1 = 0.02, 0.03, 0.06, 0.04 -> running max 0.06.
    const adj = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    expect(adj.map((p) => Number(p.toFixed(12)))).toEqual([0.03, 0.06, 0.06, 0.02]);
  });
  it("matches R's p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), 'holm')", () => {
    // R: 0.05 0.08 0.09 0.09 0.09
    const adj = holmAdjust([0.01, 0.02, 0.03, 0.04, 0.05]);
    expect(adj.map((p) => Number(p.toFixed(12)))).toEqual([0.05, 0.08, 0.09, 0.09, 0.09]);
  });
  it('caps at 1 and keeps a single p as is', () => {
    expect(holmAdjust([0.5, 0.6])).toEqual([1, 1]);
    expect(holmAdjust([0.2])).toEqual([0.2]);
    expect(holmAdjust([])).toEqual([]);
  });
});
