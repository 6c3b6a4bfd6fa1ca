/**
 * Compares two sides (runs or a baseline) configuration by configuration (the statistics: docs/ci.md):
 * ratio of medians with a bootstrap CI, a Mann-Whitney U p-value, Holm adjustment over the
 * matrix, a verdict per configuration, environment differences and the drift guard.
 * Pure: no printing, no exiting; a different machine throws a DnnperfError unless forced.
 */
import { createHash } from 'node:crypto';
import { median } from 'simple-statistics';
import { DnnperfError } from '../errors.js';
import { PROTOCOL_CHANGES } from '../results/protocol-version.js';
import { type BootstrapOptions, bootstrapRatioOfMedians, DEFAULT_SEED } from '../stats/bootstrap.js';
import { detectableEffect } from '../stats/detectable-effect.js';
import { mannWhitneyU } from '../stats/mann-whitney.js';
import { holmAdjustment, type PValueAdjustment } from './adjustment.js';
import { configDisturbance, disturbanceReason } from './disturbance.js';
import { detectDrift } from './drift-guard.js';
import { diffEnvironments } from './environment-diff.js';
import { pairingKey, type Side, type SideConfig } from './side.js';
import { defaultThresholds, type ThresholdPolicy, thresholdFor } from './thresholds.js';
import type { ComparedMetric, Comparison, ConfigComparison, IncompleteEntry, Verdict } from './types.js';
import { DEFAULT_ALPHA, verdictFor } from './verdict.js';

/** Below this many trials on either side the test falls back to raw samples. */
export const MIN_TRIALS = 3;

/**
 * Processes per configuration and side. With k trials a side, the smallest two-sided exact
 * Mann-Whitney p is 2 / C(2k, k): 0.0079 at k = 5, 0.0022 at k = 6. Holm's first step
 * needs p < 0.05 / m, which for the default suite's m = 10 configurations is 0.005: below 6
 * trials no regression could ever be significant. 6 also gives room for one inversion
 * (U = 1, p = 0.0043) from a noisy process. See docs/ci.md for the measured quality.
 */
export const DEFAULT_GATE_TRIALS = 6;

/**
 * `key`: ConfigSpec.key, everything about a configuration must match (baseline mode).
 * `ignore-engine`: engine alias and spec ignored, so two engines or versions of one stack
 * pair up (paired mode: `gate --against`, or `compare` of two engines' runs).
 */
export type MatchMode = 'key' | 'ignore-engine';

export interface CompareOptions {
  /** Regression thresholds (default: DEFAULT_THRESHOLD_PCT for every configuration). */
  thresholds?: ThresholdPolicy;
  /** How configurations are paired (default 'key'). */
  match?: MatchMode;
  /** Family-wise error rate for the Holm-adjusted p-values (default DEFAULT_ALPHA). */
  alpha?: number;
  /** Flag a matrix-wide shift as environment suspect (default true; pass false in paired mode). */
  driftGuard?: boolean;
  /** Compare sides measured on different machines (default false: refused). */
  force?: boolean;
  /** Bootstrap settings; each configuration's seed is mixed with its key, so order never matters. */
  bootstrap?: BootstrapOptions;
  /** Multiple-comparison adjustment (default holmAdjustment; the sequential gate passes its own). */
  adjust?: PValueAdjustment;
}

export function matchKey(c: Pick<SideConfig, 'key' | 'config'>, mode: MatchMode): string {
  return mode === 'key' ? c.key : pairingKey(c.config);
}

function seedFor(key: string, seed: number): number {
  return (createHash('sha256').update(key).digest().readUInt32LE(0) ^ seed) >>> 0;
}

interface Tested {
  /** False when the test fell back to raw samples (fewer than MIN_TRIALS trials). */
  byTrials: boolean;
  base: SideConfig;
  head: SideConfig;
  key: string;
  /** Set for a concurrent configuration's throughput or p99 row. */
  metric?: ComparedMetric;
  baseValue?: number;
  headValue?: number;
  /** The per-trial values tested (medians in ms, or the metric's), oriented so that a larger head is worse. */
  trials: { base: number[]; head: number[]; baseShown: number[]; headShown: number[] };
  ratio: number;
  ciLow: number;
  ciHigh: number;
  pValue: number;
  baseMedianMs: number;
  headMedianMs: number;
  notes: string[];
}

/** What one row tests: per-trial values and the raw values of one process, and which way is better. */
interface Figures {
  metric?: ComparedMetric;
  base: { trials: number[]; raw: number[] };
  head: { trials: number[]; raw: number[] };
  /** Throughput: the ratio is inverted (base / head) so that above 1 is worse, as for latency. */
  higherIsBetter: boolean;
  /** What the raw values are, for the note. */
  rawName: string;
}

function latencyFigures(base: SideConfig, head: SideConfig): Figures {
  return {
    base: { trials: base.trialMediansMs, raw: base.samplesMs },
    head: { trials: head.trialMediansMs, raw: head.samplesMs },
    higherIsBetter: false,
    rawName: 'raw samples from one process',
  };
}

/**
 * A configuration with several requests in flight is judged on its throughput and on its p99
 * latency: per-trial values with enough trials, the reported windows' values otherwise.
 */
function loadFigures(base: SideConfig, head: SideConfig): Figures[] {
  const b = base.load!;
  const h = head.load!;
  const windows = "one process's measurement windows";
  return [
    {
      metric: 'throughput',
      base: { trials: b.trialInferencesPerS, raw: b.windowInferencesPerS },
      head: { trials: h.trialInferencesPerS, raw: h.windowInferencesPerS },
      higherIsBetter: true,
      rawName: windows,
    },
    {
      metric: 'p99',
      base: { trials: b.trialP99Ms, raw: b.windowP99Ms },
      head: { trials: h.trialP99Ms, raw: h.windowP99Ms },
      higherIsBetter: false,
      rawName: windows,
    },
  ];
}

/** Per-trial values when both sides have enough trials; raw values otherwise, with a note. */
function testConfig(key: string, base: SideConfig, head: SideConfig, options: CompareOptions, f: Figures = latencyFigures(base, head)): Tested {
  const byTrials = f.base.trials.length >= MIN_TRIALS && f.head.trials.length >= MIN_TRIALS;
  const [b, h] = byTrials ? [f.base.trials, f.head.trials] : [f.base.raw, f.head.raw];
  const notes: string[] = [];
  if (!byTrials) {
    notes.push(
      `fewer than ${MIN_TRIALS} trials (base ${f.base.trials.length}, head ${f.head.trials.length}): ` +
        `tested on ${f.rawName}, which understate run-to-run variance; measure with --trials ${DEFAULT_GATE_TRIALS}`,
    );
  }
  for (const [side, c] of [
    ['base', base],
    ['head', head],
  ] as const)
    if (c.reason) notes.push(`${side}: ${c.reason}`);
  if (base.engineVersion && head.engineVersion && base.engineVersion !== head.engineVersion) {
    notes.push(`engine version ${base.engineVersion} -> ${head.engineVersion}`);
  }
  const seed = seedFor(key, options.bootstrap?.seed ?? DEFAULT_SEED);
  // Higher is better: base / head, so that above 1 means worse as it does for latency.
  const ci = f.higherIsBetter ? bootstrapRatioOfMedians(h, b, { ...options.bootstrap, seed }) : bootstrapRatioOfMedians(b, h, { ...options.bootstrap, seed });
  return {
    byTrials,
    base,
    head,
    key,
    ...(f.metric ? { metric: f.metric, baseValue: median(b), headValue: median(h) } : {}),
    trials: f.higherIsBetter
      ? { base: f.head.trials, head: f.base.trials, baseShown: f.base.trials, headShown: f.head.trials }
      : { base: f.base.trials, head: f.head.trials, baseShown: f.base.trials, headShown: f.head.trials },
    ratio: ci.ratio,
    ciLow: ci.low,
    ciHigh: ci.high,
    pValue: mannWhitneyU(h, b).p,
    baseMedianMs: f.metric ? median(base.samplesMs) : median(b),
    headMedianMs: f.metric ? median(head.samplesMs) : median(h),
    notes,
  };
}

function assertSameMachine(base: Side, head: Side, force: boolean): void {
  if (force || base.machineKey === head.machineKey) return;
  throw new DnnperfError(
    'E_BAD_ARGUMENT',
    `${base.label} ran on machine ${base.machineKey} (${base.environment.cpu.model}), ${head.label} on ${head.machineKey} ` +
      `(${head.environment.cpu.model}): timings from different machines do not compare; run both on one machine, or pass --force`,
  );
}

/** Medians measured under two protocol versions differ by the protocol alone: refused unless forced. */
function assertSameProtocol(base: Side, head: Side, force: boolean): void {
  if (force || base.protocolVersion === head.protocolVersion) return;
  const what = (v: number) => PROTOCOL_CHANGES[v] ?? 'unknown to this dnnperf';
  throw new DnnperfError(
    'E_BAD_ARGUMENT',
    `${base.label} was measured with protocol ${base.protocolVersion} (${what(base.protocolVersion)}), ${head.label} with protocol ${head.protocolVersion} ` +
      `(${what(head.protocolVersion)}): medians differ between protocols; measure both with one protocol (\`dnnperf run --protocol ${base.protocolVersion}\` measures the way the base was; a new baseline: run the suite and save it with dnnperf baseline save <run>), or pass --force`,
  );
}

export function compareSides(base: Side, head: Side, options: CompareOptions = {}): Comparison {
  assertSameMachine(base, head, options.force ?? false);
  assertSameProtocol(base, head, options.force ?? false);
  const mode = options.match ?? 'key';
  const thresholds = options.thresholds ?? defaultThresholds();
  const headByKey = new Map(head.configs.map((c) => [matchKey(c, mode), c]));
  const baseKeys = new Set(base.configs.map((c) => matchKey(c, mode)));

  const tested: Tested[] = [];
  const notComparable: Comparison['notComparable'] = [];
  const onlyInBase: Comparison['onlyInBase'] = [];
  for (const b of base.configs) {
    const key = matchKey(b, mode);
    const h = headByKey.get(key);
    if (!h) onlyInBase.push({ key, label: b.label });
    else if (b.status !== 'ok' || h.status !== 'ok') {
      const reason = [b.status !== 'ok' ? `base ${b.status}: ${b.reason}` : '', h.status !== 'ok' ? `head ${h.status}: ${h.reason}` : '']
        .filter(Boolean)
        .join('; ');
      notComparable.push({ key, label: h.label, reason, baseStatus: b.status, headStatus: h.status });
    } else if (b.load && h.load) {
      for (const f of loadFigures(b, h)) tested.push(testConfig(`${key}#${f.metric}`, b, h, options, f));
    } else tested.push(testConfig(key, b, h, options));
  }
  const onlyInHead = head.configs.filter((c) => !baseKeys.has(matchKey(c, mode))).map((c) => ({ key: matchKey(c, mode), label: c.label }));

  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const adjustment = (options.adjust ?? holmAdjustment)(
    tested.map((t) => ({ key: t.key, p: t.pValue, nBase: t.trials.baseShown.length, nHead: t.trials.headShown.length })),
    alpha,
  );
  const adjusted = adjustment.adjusted;
  const configs = tested.map((t, i): ConfigComparison => {
    const thresholdPct = thresholdFor(thresholds, t.head.config);
    const verdict = verdictFor({ ratio: t.ratio, ciLow: t.ciLow, ciHigh: t.ciHigh, pAdjusted: adjusted[i]!, thresholdPct, alpha });
    const disturbance = configDisturbance(t.base, t.head);
    const mde = t.byTrials
      ? detectableEffect({ base: t.trials.base, head: t.trials.head, pBoundary: adjustment.boundaries[i]!, thresholdPct })
      : { pct: undefined, reason: 'tested on raw samples of fewer than 3 trials' };
    return {
      key: t.key,
      model: t.head.config.model.name,
      spec: t.base.config.spec,
      ...(t.head.config.spec !== t.base.config.spec ? { headSpec: t.head.config.spec } : {}),
      batch: t.head.config.batch,
      ...(t.head.config.concurrency !== undefined ? { concurrency: t.head.config.concurrency } : {}),
      ...(t.head.config.concurrencyMode ? { concurrencyMode: t.head.config.concurrencyMode } : {}),
      ...(t.metric ? { metric: t.metric, baseValue: t.baseValue!, headValue: t.headValue! } : {}),
      shapes: t.head.config.shapes,
      baseMedianMs: t.baseMedianMs,
      headMedianMs: t.headMedianMs,
      ratio: t.ratio,
      ratioCiLow: t.ciLow,
      ratioCiHigh: t.ciHigh,
      pValue: t.pValue,
      pAdjusted: adjusted[i]!,
      verdict,
      thresholdPct,
      baseTrialMediansMs: t.trials.baseShown,
      headTrialMediansMs: t.trials.headShown,
      ...(disturbance ? { disturbance } : {}),
      pBoundary: adjustment.boundaries[i]!,
      ...(mde.pct !== undefined ? { mdePct: mde.pct } : { mdeNote: mde.reason }),
      notes: [
        ...t.notes,
        ...(verdict === 'inconclusive' ? [inconclusiveNote(t, thresholdPct)] : []),
        ...(disturbance ? [`measured on a disturbed machine: ${disturbance}`] : []),
      ],
    };
  });

  const incomplete = [...incompleteEntries(base, 'base', mode), ...incompleteEntries(head, 'head', mode)];
  const drift = options.driftGuard === false ? undefined : detectDrift(configs);
  const suspect = [disturbanceReason(configs), drift].filter(Boolean).join('; also ');
  const counts: Record<Verdict, number> = { regression: 0, improvement: 0, unchanged: 0, inconclusive: 0 };
  for (const c of configs) counts[c.verdict]++;
  return {
    base: { runId: base.runId, machineKey: base.machineKey, label: base.label },
    head: { runId: head.runId, machineKey: head.machineKey, label: head.label },
    thresholdPct: thresholds.defaultPct,
    correction: adjustment.correction,
    configs,
    onlyInBase,
    onlyInHead,
    notComparable,
    incomplete,
    environmentDiffs: diffEnvironments(base.environment, head.environment),
    environmentSuspect: suspect !== '',
    ...(suspect ? { environmentSuspectReason: suspect } : {}),
    counts,
  };
}

/** What a side lacks: its cut-off last line, and each configuration with planned trials not measured. */
function incompleteEntries(side: Side, which: 'base' | 'head', mode: MatchMode): IncompleteEntry[] {
  const cut: IncompleteEntry[] = side.cutLine
    ? [
        {
          side: which,
          key: '',
          label: side.label,
          reason: `last result line cut off (${side.cutLine}): an interrupted write`,
          measuredTrials: 0,
          plannedTrials: 0,
        },
      ]
    : [];
  return [
    ...cut,
    ...side.configs.flatMap((c): IncompleteEntry[] => {
      if (!c.missingTrials) return [];
      const planned = c.plannedTrials ?? c.missingTrials;
      const measured = planned - c.missingTrials;
      return [
        {
          side: which,
          key: matchKey(c, mode),
          label: c.label,
          reason: `${measured} of ${planned} planned trials measured`,
          measuredTrials: measured,
          plannedTrials: planned,
        },
      ];
    }),
  ];
}

function inconclusiveNote(t: Tested, thresholdPct: number): string {
  return (
    `the CI [${t.ciLow.toFixed(3)}, ${t.ciHigh.toFixed(3)}] reaches past the ${thresholdPct}% band without a significant change: ` +
    'too noisy to judge at this threshold; measure more trials or raise the threshold'
  );
}
