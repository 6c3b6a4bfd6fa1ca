import { describe, expect, it } from 'vitest';
import { medianCi, summarize } from '../../src/stats/summary.js';

describe('summarize', () => {
  it('gives exact statistics on fixed samples', () => {
    const s = summarize([5, 1, 4, 2, 3]);
    expect(s).toMatchObject({ n: 5, medianMs: 3, meanMs: 3, minMs: 1, maxMs: 5, iqrMs: 2, madMs: 1, outliers: 0 });
    expect(s.stddevMs).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(s.cv).toBeCloseTo(Math.sqrt(2.5) / 3, 12);
  });

  it('counts Tukey outliers beyond 1.5 IQR', () => {
    expect(summarize([1, 2, 3, 4, 5, 6, 7, 8, 100]).outliers).toBe(1);
  });
});

describe('medianCi', () => {
  it('uses the order statistics n/2 -+ 1.96 sqrt(n)/2 (ranks 40 and 61 of 100)', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    // n=100: half-width 9.8 ranks -> floor(50 - 9.8) = 40, ceil(51 + 9.8) = 61 (1-based)
    expect(medianCi(sorted)).toEqual({ low: 40, high: 61 });
  });

  it('falls back to the range for tiny samples', () => {
    expect(medianCi([1, 2, 3])).toEqual({ low: 1, high: 3 });
  });
});
