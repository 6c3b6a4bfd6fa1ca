/**
 * How good is the gate, from per-process medians measured once and reused (pure):
 *   - A/A gates: per configuration, `baselineTrials` clean trials drawn at random for the
 *     baseline and the rest, shuffled, as the head's pool; the sequential gate runs on them
 *     (src/compare/sequential.ts through ./simulate.ts) with Bonferroni over the matrix.
 *   - Detection: one configuration's slowed trials as its head pool, every other configuration's
 *     head from clean trials not in the baseline (one regression in an otherwise unchanged
 *     matrix, so the drift guard and the correction act as they would in CI).
 * A process's median depends on the process and the machine, not on which processes ran before
 * it (each trial is a process of its own), so trials of one level are exchangeable. Resampled
 * gates share trials and are correlated: the number of disjoint gates is reported beside the
 * rates, for an honest bound.
 */
import { mean, median, sampleStandardDeviation } from 'simple-statistics';
import type { SequentialDesign } from '../../src/compare/sequential.js';
import { type Side, type SideConfig, sideFromRun } from '../../src/compare/side.js';
import type { ThresholdPolicy } from '../../src/compare/thresholds.js';
import type { Verdict } from '../../src/compare/types.js';
import type { RunData } from '../../src/results/run-files.js';
import { createRng, type Rng } from '../../src/stats/random.js';
import { injectedLevels, type Schedule } from './schedule.js';
import { simulateGate } from './simulate.js';

/** Per configuration: its template, its trial medians by injected level, and what a trial costs. */
export interface Pool {
  template: SideConfig;
  byLevel: Map<number, number[]>;
  secondsPerTrial: number;
}

export function poolTrials(
  runs: readonly RunData[],
  schedule: Schedule,
  secondsByKey: Record<string, number>,
  keepDisturbed = false,
): { pools: Pool[]; side: Omit<Side, 'configs' | 'label'>; disturbedLeftOut: number } {
  const byKey = new Map<string, Pool>();
  let disturbedLeftOut = 0;
  runs.forEach((run, r) => {
    const templates = new Map(sideFromRun(run).configs.map((c) => [c.key, c]));
    for (const result of run.results) {
      // Trials measured on a disturbed machine are left out, as the gate sets them aside.
      const disturbed = result.status === 'ok' && result.machine?.disturbance !== undefined && !keepDisturbed;
      if (disturbed) disturbedLeftOut++;
      if (result.status !== 'ok' || disturbed) continue;
      const key = result.config.key;
      const p = byKey.get(key) ?? { template: templates.get(key)!, byLevel: new Map(), secondsPerTrial: secondsByKey[key] ?? 1 };
      const level = schedule.levels[r]![result.config.model.name] ?? 0;
      p.byLevel.set(level, [...(p.byLevel.get(level) ?? []), median(result.samplesMs)]);
      byKey.set(key, p);
    }
  });
  const first = sideFromRun(runs[0]!);
  return {
    pools: [...byKey.values()],
    side: { runId: first.runId, suite: first.suite, machineKey: first.machineKey, environment: first.environment, protocolVersion: first.protocolVersion },
    disturbedLeftOut,
  };
}

function shuffled(values: readonly number[], rng: Rng): number[] {
  const a = [...values];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export interface AnalysisInput {
  pools: Pool[];
  side: Omit<Side, 'configs' | 'label'>;
  schedule: Schedule;
  thresholds: ThresholdPolicy;
  design: SequentialDesign;
  budgetS: number;
  baselineTrials: number;
  repetitions: number;
  seed: number;
  /** Bootstrap resamples per comparison (default: compare's own). */
  resamples?: number;
}

export interface ConfigFigures {
  label: string;
  cleanTrials: number;
  /** CV of the clean per-process medians. */
  cleanCv: number;
  medianMs: number;
  secondsPerTrial: number;
  /** Detection rate by injected level, the achieved ratio, and the target's mean MDE there. */
  detection: Record<string, { rate: number; gates: number; achievedRatio: number; meanMdePct: number | null; inconclusiveShare: number }>;
  /** Mean MDE over the A/A gates, percent (null when none could be computed). */
  aaMeanMdePct: number | null;
}

export interface GateQualityFigures {
  baselineTrials: number;
  design: SequentialDesign;
  budgetS: number;
  repetitions: number;
  aa: {
    gates: number;
    comparisons: number;
    falseRegressions: number;
    falseChanges: number;
    gatesRed: number;
    environmentSuspect: number;
    verdicts: Record<Verdict, number>;
    meanLooks: number;
    meanSpentS: number;
    maxSpentS: number;
    /** Gates per configuration that share no trial: the honest count for a bound. */
    disjointPerConfig: number;
    stoppedBy: Record<string, number>;
  };
  detection: Record<string, { hits: number; gates: number; disjointConfigs: number; achievedRatio: number }>;
  configs: ConfigFigures[];
}

const label = (c: SideConfig) => `${c.config.model.name} b${c.config.batch}`;

export function analyzeGateQuality(x: AnalysisInput): GateQualityFigures {
  const rng = createRng(x.seed);
  const clean = (p: Pool) => p.byLevel.get(0) ?? [];
  const minClean = Math.min(...x.pools.map((p) => clean(p).length));
  if (minClean < x.baselineTrials + x.design.firstTrials) {
    throw new Error(
      `only ${minClean} clean trials for some configuration: an A/A gate needs ${x.baselineTrials} for the baseline and ${x.design.firstTrials} for the first look`,
    );
  }
  const compare = { thresholds: x.thresholds, ...(x.resamples ? { bootstrap: { resamples: x.resamples } } : {}) };
  const gate = (base: SideConfig[], headPool: Map<string, number[]>) =>
    simulateGate({
      side: x.side,
      base,
      headPool,
      design: x.design,
      budgetS: x.budgetS,
      secondsPerTrial: (k) => x.pools.find((p) => p.template.key === k)?.secondsPerTrial ?? 1,
      compare,
    });
  const split = (p: Pool) => {
    const s = shuffled(clean(p), rng);
    return { base: { ...p.template, trialMediansMs: s.slice(0, x.baselineTrials), samplesMs: [], disturbances: undefined }, rest: s.slice(x.baselineTrials) };
  };

  const verdicts: Record<Verdict, number> = { regression: 0, improvement: 0, unchanged: 0, inconclusive: 0 };
  const stoppedBy: Record<string, number> = {};
  const aaMde = new Map<string, number[]>();
  let falseRegressions = 0;
  let falseChanges = 0;
  let gatesRed = 0;
  let suspect = 0;
  let looks = 0;
  const spent: number[] = [];
  for (let i = 0; i < x.repetitions; i++) {
    const parts = x.pools.map(split);
    const sim = gate(
      parts.map((s) => s.base),
      new Map(parts.map((s, j) => [x.pools[j]!.template.key, s.rest])),
    );
    const c = sim.comparison;
    for (const v of c.configs) {
      verdicts[v.verdict]++;
      if (v.mdePct !== undefined) aaMde.set(v.key, [...(aaMde.get(v.key) ?? []), v.mdePct]);
    }
    falseRegressions += c.counts.regression;
    falseChanges += c.counts.regression + c.counts.improvement;
    if (c.environmentSuspect) suspect++;
    else if (c.counts.regression > 0) gatesRed++;
    looks += sim.looks;
    spent.push(sim.spentS);
    stoppedBy[sim.stoppedBy] = (stoppedBy[sim.stoppedBy] ?? 0) + 1;
  }

  const levels = injectedLevels(x.schedule);
  const detection: GateQualityFigures['detection'] = {};
  const perConfig = new Map<string, ConfigFigures['detection']>();
  for (const level of levels) {
    let hits = 0;
    let total = 0;
    const achieved: number[] = [];
    const targets = x.pools.filter((p) => (p.byLevel.get(level) ?? []).length >= x.design.firstTrials);
    for (const target of targets) {
      const slowed = target.byLevel.get(level)!;
      const ratio = median(slowed) / median(clean(target));
      achieved.push(ratio);
      const reps = Math.max(1, Math.floor(x.repetitions / x.pools.length));
      let found = 0;
      let inconclusive = 0;
      const mdes: number[] = [];
      for (let i = 0; i < reps; i++) {
        const parts = x.pools.map(split);
        const headPool = new Map(parts.map((s, j) => [x.pools[j]!.template.key, x.pools[j] === target ? shuffled(slowed, rng) : s.rest]));
        const c = gate(
          parts.map((s) => s.base),
          headPool,
        ).comparison;
        const v = c.configs.find((y) => y.key === target.template.key);
        if (v?.verdict === 'regression' && !c.environmentSuspect) found++;
        if (v?.verdict === 'inconclusive') inconclusive++;
        if (v?.mdePct !== undefined) mdes.push(v.mdePct);
      }
      hits += found;
      total += reps;
      perConfig.set(target.template.key, {
        ...(perConfig.get(target.template.key) ?? {}),
        [level]: { rate: found / reps, gates: reps, achievedRatio: ratio, meanMdePct: mdes.length ? mean(mdes) : null, inconclusiveShare: inconclusive / reps },
      });
    }
    if (total > 0) detection[level] = { hits, gates: total, disjointConfigs: targets.length, achievedRatio: median(achieved) };
  }

  return {
    baselineTrials: x.baselineTrials,
    design: x.design,
    budgetS: x.budgetS,
    repetitions: x.repetitions,
    aa: {
      gates: x.repetitions,
      comparisons: x.repetitions * x.pools.length,
      falseRegressions,
      falseChanges,
      gatesRed,
      environmentSuspect: suspect,
      verdicts,
      meanLooks: looks / x.repetitions,
      meanSpentS: mean(spent),
      maxSpentS: Math.max(...spent),
      disjointPerConfig: Math.floor(minClean / (x.baselineTrials + x.design.maxTrials)),
      stoppedBy,
    },
    detection,
    configs: x.pools.map((p) => {
      const t = clean(p);
      const m = aaMde.get(p.template.key) ?? [];
      return {
        label: label(p.template),
        cleanTrials: t.length,
        cleanCv: t.length > 1 ? sampleStandardDeviation(t) / mean(t) : 0,
        medianMs: median(t),
        secondsPerTrial: p.secondsPerTrial,
        detection: perConfig.get(p.template.key) ?? {},
        aaMeanMdePct: m.length ? mean(m) : null,
      };
    }),
  };
}
