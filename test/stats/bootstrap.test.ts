import { median, quantileSorted } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { bootstrapRatioOfMedians } from '../../src/stats/bootstrap.js';

/** Every equally likely resample of a small sample (ordered tuples with replacement). */
function allResamples(values: number[]): number[][] {
  let out: number[][] = [[]];
  for (let i = 0; i < values.length; i++) out = out.flatMap((t) => values.map((v) => [...t, v]));
  return out;
}

const PINNED = [1.009756, 1.089563];

describe('bootstrapRatioOfMedians', () => {
  it('the point estimate is the ratio of the medians', () => {
    const r = bootstrapRatioOfMedians([10, 11, 12, 13], [12, 13, 14, 100]);
    expect(r.ratio).toBe(13.5 / 11.5);
    expect(r.method).toBe('percentile');
  });

  it('constant samples give a degenerate interval', () => {
    const r = bootstrapRatioOfMedians([2, 2, 2], [3, 3, 3], { resamples: 50 });
    expect([r.ratio, r.low, r.high]).toEqual([1.5, 1.5, 1.5]);
  });

  it('is reproducible for a seed and moves with it', () => {
    const base = [10.1, 10.4, 9.8, 10.0, 10.2, 10.3];
    const head = [10.5, 10.25, 10.9, 11.0, 10.7, 10.35];
    const a = bootstrapRatioOfMedians(base, head, { seed: 7 });
    expect(bootstrapRatioOfMedians(base, head, { seed: 7 })).toEqual(a);
    const b = bootstrapRatioOfMedians(base, head, { seed: 8 });
    expect(Math.abs(b.low - a.low)).toBeLessThan(0.01);
    // Pinned: mulberry32 seed 7, 2000 resamples.
    expect([a.low, a.high].map((v) => Number(v.toFixed(6)))).toEqual(PINNED);
  });

  it('fully separated samples give an interval above 1', () => {
    const r = bootstrapRatioOfMedians([1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]);
    expect(r.low).toBeGreaterThan(1);
  });

  it('agrees with the exact bootstrap distribution enumerated on 3 + 3 values', () => {
    const base = [10, 11, 13];
    const head = [12, 12.5, 15];
    const baseMedians = allResamples(base).map((s) => median(s));
    const headMedians = allResamples(head).map((s) => median(s));
    const exact = headMedians.flatMap((h) => baseMedians.map((b) => h / b)).sort((a, b) => a - b);
    const r = bootstrapRatioOfMedians(base, head, { resamples: 20000, seed: 3 });
    expect(r.low).toBeCloseTo(quantileSorted(exact, 0.025), 2);
    expect(r.high).toBeCloseTo(quantileSorted(exact, 0.975), 2);
  });
});
