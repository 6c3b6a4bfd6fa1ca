import { describe, expect, it } from 'vitest';
import { exactUCounts, mannWhitneyU } from '../../src/stats/mann-whitney.js';

describe('exactUCounts', () => {
  it('enumerates the arrangements by hand: n1 = n2 = 2', () => {
    // 6 orderings of xxyy: U = 0 (xxyy), 1 (xyxy), 2 (xyyx, yxxy), 3 (yxyx), 4 (yyxx).
    expect(exactUCounts(2, 2)).toEqual([1, 1, 2, 1, 1]);
  });
  it('n1 = 2, n2 = 3 (10 arrangements)', () => {
    expect(exactUCounts(2, 3)).toEqual([1, 1, 2, 2, 2, 1, 1]);
  });
  it('sums to C(n1+n2, n1)', () => {
    expect(exactUCounts(6, 6).reduce((a, b) => a + b)).toBe(924);
    expect(exactUCounts(25, 25).reduce((a, b) => a + b)).toBe(126410606437752);
  });
});

// Expected values: scipy 1.17.1, scipy.stats.mannwhitneyu(x, y, alternative='two-sided',
// method=<exact|asymptotic>), computed on this machine; the males/females case is the
// example in scipy's mannwhitneyu documentation (U1 = 17, p = 0.1111).
describe('mannWhitneyU', () => {
  const exactCases: Array<[number[], number[], number, number]> = [
    [[1, 2], [3, 4], 0, 1 / 3],
    [[1, 2, 3], [4, 5, 6], 0, 0.1],
    [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], 0, 0.007936507936507936],
    [[1.1, 2.2, 3.3, 4.4, 5.5, 6.6], [7, 8, 9, 10, 11, 12], 0, 0.0021645021645021645],
    [[10.1, 10.4, 9.8, 10.0, 10.2, 10.3], [10.5, 10.25, 10.9, 11.0, 10.7, 10.35], 3, 0.015151515151515152],
    [[19, 22, 16, 29, 24], [20, 11, 17, 12], 17, 0.1111111111111111],
    [[3.1, 2.9, 4.2, 5.5, 3.3, 2.2, 4.8, 3.9], [4.1, 5.0, 6.2, 3.8, 5.9, 6.6, 4.4, 7.1, 5.2], 11, 0.015220074043603454],
  ];
  it.each(exactCases)('exact: %j vs %j', (x, y, u, p) => {
    const r = mannWhitneyU(x, y);
    expect(r.method).toBe('exact');
    expect(r.u).toBe(u);
    expect(r.p).toBeCloseTo(p, 14);
  });

  it('is symmetric in its samples (two-sided)', () => {
    const x = [19, 22, 16, 29, 24];
    const y = [20, 11, 17, 12];
    expect(mannWhitneyU(y, x).p).toBeCloseTo(mannWhitneyU(x, y).p, 14);
    expect(mannWhitneyU(y, x).u).toBe(20 - 17);
  });

  it('ties: normal approximation with tie and continuity corrections', () => {
    const r = mannWhitneyU([1, 2, 2, 3, 3, 3, 4], [2, 3, 4, 4, 5, 5, 6]);
    expect(r.method).toBe('normal');
    expect(r.u).toBe(8.5);
    expect(r.p).toBeCloseTo(0.043051432728945134, 6);
  });

  it('large samples: normal approximation', () => {
    const x = Array.from({ length: 30 }, (_, i) => Math.round((i + 0.3 * (i % 7)) * 100) / 100);
    const y = Array.from({ length: 30 }, (_, i) => Math.round((i * 1.05 + 2 + 0.2 * (i % 5)) * 100) / 100);
    const r = mannWhitneyU(x, y);
    expect(r.method).toBe('normal');
    expect(r.u).toBe(386);
    expect(r.p).toBeCloseTo(0.34781438735169323, 6);
  });

  it('all values tied: p = 1', () => {
    expect(mannWhitneyU([1, 1, 1], [1, 1, 1]).p).toBe(1);
  });

  it('rejects an empty sample', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(/non-empty/);
  });
});
