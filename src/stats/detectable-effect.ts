/**
 * The minimum detectable effect of a comparison of per-process medians: the smallest slowdown
 * that the gate's rule (a significant Mann-Whitney test at the look's boundary AND a point
 * estimate past the threshold) would flag with the given power, at the spread measured.
 *
 * On the log scale the ratio estimate has standard error se = sigma sqrt(1/n_b + 1/n_h),
 * inflated by sqrt(pi/3) for the Mann-Whitney test's efficiency against the t test under
 * normality (its asymptotic relative efficiency is 3/pi; Lehmann, Nonparametrics, 1975,
 * section 2.4). Both conditions hold when the estimate clears max(z_boundary se, ln(1 + t)),
 * so with power 1 - beta the true effect must be that plus z_{1-beta} se. A normal
 * approximation: at a handful of trials per side it is a guide, not a guarantee.
 */
import { normalQuantile } from './normal.js';

/** Power the gate states its coverage at. */
export const MDE_POWER = 0.95;

export interface DetectableEffectInput {
  /** Per-process medians of each side, ms. */
  base: readonly number[];
  head: readonly number[];
  /** The two-sided p-value a regression needs at this look. */
  pBoundary: number;
  thresholdPct: number;
  /** Default MDE_POWER. */
  power?: number;
}

export type DetectableEffect = { pct: number } | { pct: undefined; reason: string };

/** Pooled standard deviation of the log medians, each side centred on its own mean. */
export function pooledLogSd(a: readonly number[], b: readonly number[]): number {
  const dev = (xs: readonly number[]) => {
    const logs = xs.map(Math.log);
    const m = logs.reduce((s, x) => s + x, 0) / logs.length;
    return logs.reduce((s, x) => s + (x - m) ** 2, 0);
  };
  const df = a.length + b.length - 2;
  return df > 0 ? Math.sqrt((dev(a) + dev(b)) / df) : NaN;
}

/** log C(n, k). */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
}

export function detectableEffect(x: DetectableEffectInput): DetectableEffect {
  const nb = x.base.length;
  const nh = x.head.length;
  // The smallest exact two-sided Mann-Whitney p: every head median above every base one.
  const minP = 2 * Math.exp(-logChoose(nb + nh, nb));
  if (minP > x.pBoundary) {
    return {
      pct: undefined,
      reason: `${nb} base and ${nh} head trials cannot reach the p ${x.pBoundary.toPrecision(2)} this look needs (smallest possible ${minP.toPrecision(2)})`,
    };
  }
  const sigma = pooledLogSd(x.base, x.head);
  if (!Number.isFinite(sigma)) return { pct: undefined, reason: 'too few trials to measure the spread' };
  const se = sigma * Math.sqrt(1 / nb + 1 / nh) * Math.sqrt(Math.PI / 3);
  const clear = Math.max(normalQuantile(1 - x.pBoundary / 2) * se, Math.log1p(x.thresholdPct / 100));
  return { pct: (Math.exp(clear + normalQuantile(x.power ?? MDE_POWER) * se) - 1) * 100 };
}
