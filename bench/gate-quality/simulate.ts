/**
 * One gate, simulated on per-process medians measured earlier: the same sequential rule as
 * `dnnperf gate` (src/compare/sequential.ts: first look, more trials for the undecided while
 * the budget lasts, alpha spending across looks), with each configuration's head trials drawn
 * in order from a pool instead of measured. Pure: bench/gate-quality.ts and the tests use it.
 */
import { type CompareOptions, compareSides } from '../../src/compare/compare.js';
import { type LookHistory, planNextLook, recordLook, type SequentialDesign, type StopReason, sequentialAdjustment } from '../../src/compare/sequential.js';
import type { Side, SideConfig } from '../../src/compare/side.js';
import type { Comparison } from '../../src/compare/types.js';

export interface SimulationInput {
  /** Machine, suite and environment of both sides (a label is added). */
  side: Omit<Side, 'configs' | 'label'>;
  /** The baseline: every configuration with its trial medians. */
  base: SideConfig[];
  /** Per configuration key, the head's trial medians in the order they would be measured. */
  headPool: ReadonlyMap<string, readonly number[]>;
  design: SequentialDesign;
  budgetS: number;
  /** Seconds one trial of a configuration costs (measured). */
  secondsPerTrial: (key: string) => number;
  compare?: Omit<CompareOptions, 'adjust'>;
  /** Tests only: judge every look with this adjustment instead of the sequential one (to show what spending buys). */
  adjustOverride?: CompareOptions['adjust'];
}

export interface SimulatedGate {
  comparison: Comparison;
  looks: number;
  /** Simulated measuring time (trials times their seconds). */
  spentS: number;
  /** 'pool' when a configuration wanted more trials than were measured for it. */
  stoppedBy: StopReason | 'pool';
}

export function simulateGate(x: SimulationInput): SimulatedGate {
  const taken = new Map<string, number>();
  const history: LookHistory = new Map();
  let spentS = 0;
  const take = (key: string, n: number) => {
    const have = taken.get(key) ?? 0;
    const got = Math.min(n, (x.headPool.get(key)?.length ?? 0) - have);
    taken.set(key, have + got);
    spentS += got * x.secondsPerTrial(key);
  };
  for (const c of x.base) take(c.key, x.design.firstTrials);
  const baseSide: Side = { ...x.side, label: 'base', configs: x.base };
  let looks = 0;
  for (;;) {
    const head: Side = {
      ...x.side,
      label: 'head',
      configs: x.base.map((c) => ({ ...c, trialMediansMs: (x.headPool.get(c.key) ?? []).slice(0, taken.get(c.key) ?? 0), samplesMs: [] })),
    };
    const comparison = compareSides(baseSide, head, { ...x.compare, adjust: x.adjustOverride ?? sequentialAdjustment(x.design, history) });
    looks++;
    recordLook(x.design, history, comparison);
    const next = planNextLook(comparison, x.design, x.secondsPerTrial, x.budgetS - spentS);
    const drawable = next.keys.filter((k) => (taken.get(k) ?? 0) < (x.headPool.get(k)?.length ?? 0));
    if (drawable.length === 0) return { comparison, looks, spentS, stoppedBy: next.keys.length > 0 ? 'pool' : (next.stoppedBy ?? 'decided') };
    for (const k of drawable) take(k, x.design.stepTrials);
  }
}
