/**
 * The gate's sequential design: every configuration is first judged on `firstTrials` trials;
 * one still inconclusive gets `stepTrials` more (interleaved with its reference when that is
 * measured in the same run), and is judged again, until it is decided, reaches `maxTrials`, or
 * the time budget is spent. Looking again and again at a test would raise its false-alarm
 * rate; here each configuration's test spends its share alpha / m of the family-wise error
 * rate over its looks by a Lan-DeMets spending function of the information fraction
 * (src/stats/group-sequential.ts), and Bonferroni over the m configurations keeps the chance
 * of any false regression in the matrix under alpha (Bonferroni holds under any dependence
 * between configurations and looks; Holm's step-down is not reused across looks).
 *
 * Information of a comparison of per-process medians: I = 1 / (1/n_base + 1/n_head), and the
 * fraction t = I / I_max with I_max the information at maxTrials (base at maxTrials too when it
 * grows with the head, else its own count). Pure: the gate and bench/gate-quality.ts share it.
 */
import { type SpendingKind, sequentialBoundaries } from '../stats/group-sequential.js';
import { normalUpperTail } from '../stats/normal.js';
import type { PValueAdjustment } from './adjustment.js';
import { DEFAULT_GATE_TRIALS } from './compare.js';
import type { Comparison, ConfigComparison } from './types.js';

export interface SequentialDesign {
  spending: SpendingKind;
  /** Trials per configuration at the first look. */
  firstTrials: number;
  /** Trials added to a configuration at each later look. */
  stepTrials: number;
  /** No configuration gets more trials than this; sets the maximum information. */
  maxTrials: number;
  /** True when the base side is measured in the same run and grows with the head (paired engines). */
  baseGrows: boolean;
}

/**
 * The gate's defaults: 6 trials first (the fewest where Holm over 10 configurations can reach
 * significance, src/compare/compare.ts), 3 more per look, at most 12 (as many as a baseline holds), Pocock-type spending so
 * that most configurations are decided at the first look.
 */
export const DEFAULT_SEQUENTIAL_DESIGN: SequentialDesign = {
  spending: 'pocock',
  firstTrials: DEFAULT_GATE_TRIALS,
  stepTrials: 3,
  maxTrials: 12,
  baseGrows: false,
};

/** Information fractions of each configuration's earlier looks, by comparison key. */
export type LookHistory = Map<string, number[]>;

export function lookFraction(design: SequentialDesign, nBase: number, nHead: number): number {
  const info = 1 / (1 / nBase + 1 / nHead);
  const maxBase = design.baseGrows ? Math.max(design.maxTrials, nBase) : nBase;
  const maxInfo = 1 / (1 / maxBase + 1 / Math.max(design.maxTrials, nHead));
  return Math.min(1, info / maxInfo);
}

const SPENDING_NAME: Record<SpendingKind, string> = { pocock: 'Pocock-type', 'obrien-fleming': "O'Brien-Fleming-type" };

/**
 * The adjustment for the current look: p scaled so that below alpha means past this look's
 * boundary (p * alpha / boundary). A configuration without new information since its last look
 * is held to that look's boundary (its data, hence its verdict, is unchanged).
 */
export function sequentialAdjustment(design: SequentialDesign, history: LookHistory): PValueAdjustment {
  return (tests, alpha) => {
    const level = alpha / Math.max(1, tests.length);
    const boundaries = tests.map((t) => {
      const earlier = history.get(t.key) ?? [];
      const now = lookFraction(design, t.nBase, t.nHead);
      const fractions = earlier.length > 0 && now <= earlier[earlier.length - 1]! ? earlier : [...earlier, now];
      const bounds = sequentialBoundaries(fractions, level, design.spending);
      return 2 * normalUpperTail(bounds[bounds.length - 1]!);
    });
    return {
      adjusted: tests.map((t, i) => Math.min(1, (t.p * alpha) / boundaries[i]!)),
      boundaries,
      correction:
        `group-sequential: ${SPENDING_NAME[design.spending]} alpha spending (Lan-DeMets) over up to ${design.maxTrials} trials a configuration, ` +
        `Bonferroni over ${tests.length} configuration${tests.length === 1 ? '' : 's'} (alpha ${alpha})`,
    };
  };
}

/** Records this look's fractions (call after judging a look). */
export function recordLook(design: SequentialDesign, history: LookHistory, c: Comparison): void {
  for (const x of c.configs) {
    const t = lookFraction(design, x.baseTrialMediansMs.length, x.headTrialMediansMs.length);
    const earlier = history.get(x.key) ?? [];
    if (earlier.length === 0 || t > earlier[earlier.length - 1]!) history.set(x.key, [...earlier, t]);
  }
}

export type StopReason = 'decided' | 'max-trials' | 'budget';

export interface NextLook {
  /** Comparison keys to measure `stepTrials` more of; empty when the gate stops. */
  keys: string[];
  /** Why nothing more is measured (set when keys is empty), or why some were left out. */
  stoppedBy?: StopReason;
  /** Estimated seconds of the look. */
  costS: number;
}

/** Configurations that another look could still decide. */
export function undecided(c: Comparison): ConfigComparison[] {
  return c.configs.filter((x) => x.verdict === 'inconclusive');
}

/**
 * Which configurations to measure again: the undecided ones below maxTrials, in matrix
 * order, as many as fit in the remaining budget at their measured seconds per trial.
 */
export function planNextLook(c: Comparison, design: SequentialDesign, secondsPerTrial: (key: string) => number, remainingS: number): NextLook {
  const open = undecided(c);
  if (open.length === 0) return { keys: [], stoppedBy: 'decided', costS: 0 };
  const room = open.filter((x) => x.headTrialMediansMs.length < design.maxTrials);
  if (room.length === 0) return { keys: [], stoppedBy: 'max-trials', costS: 0 };
  const keys: string[] = [];
  let costS = 0;
  for (const x of room) {
    const cost = design.stepTrials * secondsPerTrial(x.key);
    if (costS + cost > remainingS) continue;
    keys.push(x.key);
    costS += cost;
  }
  return keys.length === room.length ? { keys, costS } : { keys, costS, stoppedBy: 'budget' };
}
