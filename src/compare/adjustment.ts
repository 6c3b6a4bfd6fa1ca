/**
 * How the p-values of a comparison's configurations are adjusted for testing many of them
 * (and, in the sequential gate, for looking at them more than once). An adjustment returns
 * p-values on the scale of alpha (significant when below it) and, per configuration, the raw
 * p a rejection needs, which the minimum detectable effect is computed at.
 */
import { holmAdjust } from '../stats/multiple-comparisons.js';

export interface AdjustmentInput {
  key: string;
  p: number;
  /** Trials (per-process medians) on each side. */
  nBase: number;
  nHead: number;
}

export interface Adjustment {
  adjusted: number[];
  /** Per test: the raw two-sided p below which it counts as significant. */
  boundaries: number[];
  /** In words, for the report, e.g. "Holm-Bonferroni over 10 configurations (alpha 0.05)". */
  correction: string;
}

export type PValueAdjustment = (tests: readonly AdjustmentInput[], alpha: number) => Adjustment;

const plural = (m: number) => `${m} configuration${m === 1 ? '' : 's'}`;

/** One look, Holm-Bonferroni over the configurations; the MDE boundary is Holm's first step, alpha / m. */
export const holmAdjustment: PValueAdjustment = (tests, alpha) => ({
  adjusted: holmAdjust(tests.map((t) => t.p)),
  boundaries: tests.map(() => alpha / Math.max(1, tests.length)),
  correction: `Holm-Bonferroni over ${plural(tests.length)} (alpha ${alpha})`,
});
