/**
 * The per-request latency percentiles a throughput point reports (p50, p90, p99, p99.9, as
 * Triton's perf_analyzer and MLPerf LoadGen report them), each with its order-statistic 95% CI.
 */
import { quantileSorted } from 'simple-statistics';
import { quantileCi } from './quantile-ci.js';

/** Percentiles reported for every throughput point, in percent. */
export const LATENCY_PERCENTILES = [50, 90, 99, 99.9] as const;

export interface PercentileEstimate {
  /** The percentile, e.g. 99.9. */
  p: number;
  ms: number;
  ciLowMs: number;
  ciHighMs: number;
  /** False when the sample is too small to bound the CI on both sides (see quantileCi). */
  ciBounded: boolean;
}

export function latencyPercentiles(samplesMs: readonly number[]): PercentileEstimate[] {
  if (samplesMs.length === 0) throw new Error('latencyPercentiles: no samples');
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return LATENCY_PERCENTILES.map((p) => {
    const ci = quantileCi(sorted, p / 100);
    return { p, ms: quantileSorted(sorted, p / 100), ciLowMs: ci.low, ciHighMs: ci.high, ciBounded: ci.bounded };
  });
}

/** The estimate for percentile `p` (e.g. 99) from a list made by latencyPercentiles. */
export function percentileOf(list: readonly PercentileEstimate[], p: number): PercentileEstimate {
  const found = list.find((e) => e.p === p);
  if (!found) throw new Error(`percentile ${p} is not among ${list.map((e) => e.p).join(', ')}`);
  return found;
}
