/**
 * Summary statistics over one configuration's latency samples, as one flat record
 * (in the manner of tinybench's computeStatistics). Pure functions, no I/O.
 */
import { mean, medianAbsoluteDeviation, medianSorted, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import type { SampleStats } from '../results/schema.js';
import { quantileCi } from './quantile-ci.js';

/**
 * Distribution-free 95% CI of the median from order statistics: the ranks
 * n/2 -/+ z*sqrt(n)/2 (src/stats/quantile-ci.ts at p = 0.5).
 */
export function medianCi(sorted: readonly number[]): { low: number; high: number } {
  const { low, high } = quantileCi(sorted, 0.5);
  return { low, high };
}

/** Tukey's fences: samples beyond 1.5 IQR outside the quartiles (Tukey, Exploratory Data Analysis, 1977). */
function countOutliers(sorted: readonly number[], q1: number, q3: number): number {
  const iqr = q3 - q1;
  const lo = q1 - 1.5 * iqr;
  const hi = q3 + 1.5 * iqr;
  return sorted.filter((x) => x < lo || x > hi).length;
}

export function summarize(samplesMs: readonly number[]): SampleStats {
  if (samplesMs.length === 0) throw new Error('summarize: no samples');
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const n = sorted.length;
  const q = (p: number) => quantileSorted(sorted, p);
  const median = medianSorted(sorted);
  const q1 = q(0.25);
  const q3 = q(0.75);
  const avg = mean(sorted);
  const sd = n > 1 ? sampleStandardDeviation(sorted) : 0;
  const ci = medianCi(sorted);
  return {
    n,
    medianMs: median,
    meanMs: avg,
    minMs: sorted[0]!,
    maxMs: sorted[n - 1]!,
    p05Ms: q(0.05),
    p95Ms: q(0.95),
    p99Ms: q(0.99),
    stddevMs: sd,
    cv: avg > 0 ? sd / avg : 0,
    iqrMs: q3 - q1,
    madMs: medianAbsoluteDeviation(sorted),
    medianCiLowMs: ci.low,
    medianCiHighMs: ci.high,
    relCiHalfWidth: median > 0 ? (ci.high - ci.low) / 2 / median : 0,
    outliers: countOutliers(sorted, q1, q3),
  };
}
