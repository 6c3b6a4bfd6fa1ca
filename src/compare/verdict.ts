/**
 * The verdict rule for one configuration. With t the threshold and band [1/(1+t), 1+t]:
 *
 * - regression:  Holm-adjusted p < alpha, CI low > 1, and the ratio > 1 + t
 * - improvement: Holm-adjusted p < alpha, CI high < 1, and the ratio < 1 / (1 + t)
 * - unchanged:   otherwise, when the whole CI lies inside the band (equivalence: any change
 *                is smaller than the threshold, as in a TOST)
 * - inconclusive: otherwise (too noisy at this threshold to say; more trials would tell)
 *
 * Why this rule: significance alone flags 1% changes that nobody should act on, and the
 * point estimate alone flags noise; requiring both keeps A/A false alarms at the rate of the
 * corrected test times the chance that noise alone moves the ratio past the threshold.
 * Requiring the whole CI above 1 + t instead would be too strict: a true 10% slowdown with a
 * 5% threshold has its CI low below 1.05 whenever the CI half-width exceeds 5%, which on a
 * noisy machine with a few trials is often, and detection would drop well below 95%. The
 * point estimate past 1 + t gives about 50% detection exactly at the threshold and rises
 * quickly above it, which is what a threshold should mean.
 */
import type { Verdict } from './types.js';

export const DEFAULT_ALPHA = 0.05;

export interface VerdictInput {
  ratio: number;
  ciLow: number;
  ciHigh: number;
  pAdjusted: number;
  thresholdPct: number;
  /** Family-wise error rate (default DEFAULT_ALPHA). */
  alpha?: number;
}

export function verdictFor(v: VerdictInput): Verdict {
  const up = 1 + v.thresholdPct / 100;
  const down = 1 / up;
  const significant = v.pAdjusted < (v.alpha ?? DEFAULT_ALPHA);
  if (significant && v.ciLow > 1 && v.ratio > up) return 'regression';
  if (significant && v.ciHigh < 1 && v.ratio < down) return 'improvement';
  if (v.ciLow >= down && v.ciHigh <= up) return 'unchanged';
  return 'inconclusive';
}
