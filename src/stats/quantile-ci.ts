/**
 * Distribution-free 95% confidence interval of a quantile from order statistics: the number
 * of samples below the true p-quantile is Binomial(n, p), so the ranks
 * np -/+ z*sqrt(np(1-p)) bracket it (normal approximation; Conover, Practical Nonparametric
 * Statistics, 3rd ed., section 3.2). It needs no assumption about the latency distribution,
 * which is skewed and often multimodal. At p = 0.5 this is the median interval the
 * sampler's stop rule uses.
 */

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export interface QuantileCi {
  low: number;
  high: number;
  /**
   * False when a rank fell outside the sample and was clamped to its minimum or maximum:
   * too few samples to bound the quantile on that side (p99.9 of a few hundred requests).
   */
  bounded: boolean;
}

/** `sorted` ascending; p in (0, 1). */
export function quantileCi(sorted: readonly number[], p: number): QuantileCi {
  const n = sorted.length;
  if (n === 0) return { low: NaN, high: NaN, bounded: false };
  const half = Z95 * Math.sqrt(n * p * (1 - p));
  const lowRank = Math.floor(n * p - half);
  const highRank = Math.ceil(n * p + 1 + half);
  return {
    low: sorted[Math.max(1, lowRank) - 1]!,
    high: sorted[Math.min(n, highRank) - 1]!,
    bounded: lowRank >= 1 && highRank <= n,
  };
}
