import { describe, expect, it } from 'vitest';
import { latencyPercentiles, percentileOf } from '../../src/stats/latency-percentiles.js';
import { quantileCi } from '../../src/stats/quantile-ci.js';
import { medianCi } from '../../src/stats/summary.js';

const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('quantileCi', () => {
  it('is the median interval at p = 0.5 (ranks 40 and 61 of 100)', () => {
    expect(quantileCi(oneTo(100), 0.5)).toEqual({ low: 40, high: 61, bounded: true });
    expect(medianCi(oneTo(100))).toEqual({ low: 40, high: 61 });
  });

  it('uses the ranks np -/+ 1.96 sqrt(np(1-p)) for p90 of 1000', () => {
    // np = 900, half-width 1.96 * sqrt(90) = 18.59 -> floor(881.4) = 881, ceil(919.6) = 920
    expect(quantileCi(oneTo(1000), 0.9)).toEqual({ low: 881, high: 920, bounded: true });
  });

  it('says when the sample cannot bound a high percentile (p99.9 of 300)', () => {
    // np = 299.7, half-width 1.07: the high rank 302 lies past the 300 samples
    expect(quantileCi(oneTo(300), 0.999)).toEqual({ low: 298, high: 300, bounded: false });
  });
});

describe('latencyPercentiles', () => {
  it('gives p50, p90, p99 and p99.9 with their intervals', () => {
    const list = latencyPercentiles([...oneTo(1000)].reverse());
    expect(list.map((e) => e.p)).toEqual([50, 90, 99, 99.9]);
    // point estimates by linear interpolation at (n-1)p (simple-statistics, numpy's default): 899.1 -> 900.1
    expect(percentileOf(list, 90)).toMatchObject({ p: 90, ciLowMs: 881, ciHighMs: 920, ciBounded: true });
    expect(percentileOf(list, 90).ms).toBeCloseTo(900.1, 9);
    // np = 990, half-width 1.96 * sqrt(9.9) = 6.17 -> ranks 983 and 998
    expect(percentileOf(list, 99)).toMatchObject({ p: 99, ciLowMs: 983, ciHighMs: 998, ciBounded: true });
    expect(percentileOf(list, 99).ms).toBeCloseTo(990.01, 9);
    expect(percentileOf(list, 99.9).ciBounded).toBe(false);
  });
});
