/**
 * The gate's measuring loop: the first look measures every configuration `firstTrials`
 * times; after each look the undecided configurations (and those whose trials were taken on
 * a disturbed machine) get `stepTrials` more, interleaved with their partners (the reference
 * engine's configuration in paired mode), until everything is decided, `maxTrials` is reached
 * or the time budget is spent (src/compare/sequential.ts decides; this only measures).
 */
import { performance } from 'node:perf_hooks';
import type { PValueAdjustment } from '../compare/adjustment.js';
import { type MatchMode, matchKey } from '../compare/compare.js';
import { setAsideDisturbed } from '../compare/disturbance.js';
import { type LookHistory, planNextLook, recordLook, type SequentialDesign, type StopReason, sequentialAdjustment } from '../compare/sequential.js';
import type { Comparison } from '../compare/types.js';
import type { RunData } from '../results/run-files.js';
import type { PlannedConfig } from '../run/plan.js';
import type { RunHandle } from '../run/run-suite.js';

export interface LoopOptions {
  design: SequentialDesign;
  /** Seconds the whole measurement may take, first look included. */
  budgetS: number;
  /** How comparison keys are made from configurations (paired modes ignore the engine). */
  match: MatchMode;
  signal?: AbortSignal;
}

export interface LoopResult {
  run: RunData;
  comparison: Comparison;
  looks: number;
  stoppedBy: StopReason | 'interrupted';
  spentS: number;
}

/** Judges a (disturbance-filtered) view of the run at one look. */
export type Judge = (run: RunData, adjust: PValueAdjustment) => Comparison;

export async function measureUntilDecided(handle: RunHandle, judge: Judge, o: LoopOptions): Promise<LoopResult> {
  const t0 = performance.now();
  const history: LookHistory = new Map();
  const byComparisonKey = new Map<string, PlannedConfig[]>();
  for (const p of handle.planned) {
    const k = matchKey({ key: p.config.key, config: p.config }, o.match);
    byComparisonKey.set(k, [...(byComparisonKey.get(k) ?? []), p]);
  }
  const trialsSoFar = new Map<string, number>();
  const measure = async (runs: PlannedConfig[]) => {
    for (const r of runs) trialsSoFar.set(r.config.key, Math.max(trialsSoFar.get(r.config.key) ?? 0, r.config.trial + 1));
    await handle.measure(runs);
  };
  const withNextTrials = (planned: PlannedConfig[], count: number) =>
    Array.from({ length: count }, (_, s) => planned.map((p) => ({ ...p, config: { ...p.config, trial: (trialsSoFar.get(p.config.key) ?? 0) + s } }))).flat();

  await measure(withNextTrials(handle.planned, o.design.firstTrials));
  let looks = 0;
  for (;;) {
    const view = setAsideDisturbed(handle.read(), o.design.firstTrials);
    const comparison = judge(view.run, sequentialAdjustment(o.design, history));
    looks++;
    recordLook(o.design, history, comparison);
    for (const x of comparison.configs) {
      const aside = (byComparisonKey.get(x.key) ?? []).reduce((n, p) => n + (view.setAside.get(p.config.key)?.length ?? 0), 0);
      if (aside > 0) x.notes.push(`${aside} trial(s) measured on a disturbed machine were set aside and measured again`);
    }
    const spentS = (performance.now() - t0) / 1000;
    const done = (stoppedBy: LoopResult['stoppedBy']): LoopResult => ({ run: handle.read(), comparison, looks, stoppedBy, spentS });
    if (o.signal?.aborted) return done('interrupted');
    const secondsPerTrial = (key: string) =>
      (byComparisonKey.get(key) ?? []).reduce((sum, p) => {
        const s = handle.secondsByKey.get(p.config.key) ?? [];
        return sum + (s.length > 0 ? s.reduce((a, b) => a + b, 0) / s.length : 0);
      }, 0);
    const next = planNextLook(comparison, o.design, secondsPerTrial, o.budgetS - spentS);
    // Disturbed configurations short of clean trials are measured again too, budget permitting.
    const shortKeys = [
      ...new Set(comparison.configs.filter((x) => (byComparisonKey.get(x.key) ?? []).some((p) => view.short.has(p.config.key))).map((x) => x.key)),
    ];
    let room = o.budgetS - spentS - next.costS;
    const again = shortKeys.filter((k) => {
      if (next.keys.includes(k) || (trialsSoFar.get(byComparisonKey.get(k)![0]!.config.key) ?? 0) >= o.design.maxTrials) return false;
      const cost = o.design.stepTrials * secondsPerTrial(k);
      if (cost > room) return false;
      room -= cost;
      return true;
    });
    const keys = [...next.keys, ...again];
    if (keys.length === 0) return done(next.stoppedBy ?? (shortKeys.length > 0 ? 'budget' : 'decided'));
    // Partners share a comparison key, so they are measured together, trial by trial (interleaved).
    const chosen = new Set(keys);
    await measure(
      withNextTrials(
        handle.planned.filter((p) => chosen.has(matchKey({ key: p.config.key, config: p.config }, o.match))),
        o.design.stepTrials,
      ),
    );
  }
}
