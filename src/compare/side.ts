/**
 * One side of a comparison: a run folder or a stored baseline, reduced to what the tests need
 * per configuration (per-trial medians and raw samples). compare never looks at anything else,
 * so runs and baselines go through exactly the same statistics; a run is reduced exactly as
 * its baseline would store it (samples capped, times rounded), so `compare <run> <head>` and
 * the gate against that run's baseline give the same verdict.
 */
import { createHash } from 'node:crypto';
import { median } from 'simple-statistics';
import { DnnperfError } from '../errors.js';
import { isFinished } from '../results/completeness.js';
import { configLabel, labelParts } from '../results/config-label.js';
import { protocolVersionOf } from '../results/protocol-version.js';
import type { RunData } from '../results/run-files.js';
import type { ConfigSpec, Environment, OkResult } from '../results/schema.js';
import { percentileOf } from '../stats/latency-percentiles.js';
import { stableStringify } from './stable-json.js';

/** Raw samples kept per configuration, spread evenly over the trials (the raw-sample fallback's data). */
export const SIDE_MAX_SAMPLES = 200;
/** Significant digits kept for times: 0.1 us at 1 ms, and short lines in a baseline's diff. */
const DIGITS = 6;

/** A time or rate to DIGITS significant digits, as a baseline stores it. */
export const roundFigure = (x: number): number => Number(x.toPrecision(DIGITS));

export interface SideConfig {
  /** ConfigSpec.key: the same for every trial of a configuration. */
  key: string;
  /** The configuration as planned (trial number irrelevant). */
  config: ConfigSpec;
  label: string;
  /** `ok` when at least one trial measured; otherwise the status of the trials. */
  status: 'ok' | 'failed' | 'unavailable';
  /** Why it failed or was unavailable; also notes trials that failed beside ok ones. */
  reason?: string;
  engineVersion?: string;
  /** One median per ok trial (one per process), in trial order, rounded to DIGITS. */
  trialMediansMs: number[];
  /** Raw samples of the ok trials in trial order, at most SIDE_MAX_SAMPLES evenly spaced, rounded. */
  samplesMs: number[];
  /** Ok trials measured on a disturbed machine: `trial N: <what disturbed it>` (absent: none). */
  disturbances?: string[];
  /** Configurations with several requests in flight: their throughput and p99 per trial, and per reported window. */
  load?: LoadFigures;
  /** Raw samples the ok trials measured before the cap. Default: samplesMs.length. */
  sampleCount?: number;
  /** Planned trials without a finished result (interrupted, cut off, never started). Default 0. */
  missingTrials?: number;
  /** Trials planned for this configuration. Default: the trials it has. */
  plannedTrials?: number;
}

export interface LoadFigures {
  trialInferencesPerS: number[];
  trialP99Ms: number[];
  /** The reported windows of every ok trial: the raw values when there are too few trials. */
  windowInferencesPerS: number[];
  windowP99Ms: number[];
}

/** Throughput and p99 of the ok trials of a configuration with several requests in flight. */
export function loadFigures(ok: readonly OkResult[]): LoadFigures | undefined {
  const loads = ok.flatMap((r) => (r.load && (r.config.concurrency ?? 1) > 1 ? [r.load] : []));
  if (loads.length === 0) return undefined;
  const reported = loads.flatMap((l) => l.windows.slice(-l.reportedWindows));
  return {
    trialInferencesPerS: loads.map((l) => l.inferencesPerS),
    trialP99Ms: loads.map((l) => percentileOf(l.latency, 99).ms),
    windowInferencesPerS: reported.map((w) => w.inferencesPerS),
    windowP99Ms: reported.map((w) => w.p99Ms),
  };
}

export interface Side {
  runId: string;
  suite: string;
  machineKey: string;
  /** What to call this side in outputs: a run id, "baseline default (run-id)", an engine alias. */
  label: string;
  environment: Environment;
  /** The measurement protocol's version (src/results/protocol-version.ts). */
  protocolVersion: number;
  configs: SideConfig[];
  /** `results.jsonl:<line>` when the run's last line was cut off (an interrupted write). */
  cutLine?: string;
}

/** Every k-th sample, so the kept ones span the whole run, not its start. */
function capSamples(samples: number[]): number[] {
  if (samples.length <= SIDE_MAX_SAMPLES) return samples;
  const step = samples.length / SIDE_MAX_SAMPLES;
  return Array.from({ length: SIDE_MAX_SAMPLES }, (_, i) => samples[Math.floor(i * step)]!);
}

/** The disturbed trials among ok ones, as `trial N: reason`. */
function disturbancesOf(ok: ReadonlyArray<{ config: ConfigSpec; machine?: { disturbance?: string } }>): { disturbances?: string[] } {
  const found = ok.flatMap((r) => (r.machine?.disturbance ? [`trial ${r.config.trial}: ${r.machine.disturbance}`] : []));
  return found.length > 0 ? { disturbances: found } : {};
}

/** Groups a run's results by configuration key, trials in trial order, configurations in plan order. */
export function sideFromRun(run: RunData, label = run.manifest.runId): Side {
  const planned = new Map(run.manifest.configurations.map((c) => [c.key, c]));
  const plannedTrials = new Map<string, number>();
  for (const c of run.manifest.configurations) plannedTrials.set(c.key, (plannedTrials.get(c.key) ?? 0) + 1);
  const byKey = new Map<string, typeof run.results>();
  // A configuration stopped by Ctrl-C has no result: it counts as not measured, never as a failure.
  for (const result of run.results.filter(isFinished)) {
    const list = byKey.get(result.config.key) ?? [];
    list.push(result);
    byKey.set(result.config.key, list);
  }
  const order = (key: string) => planned.get(key)?.index ?? Number.MAX_SAFE_INTEGER;
  const keys = [...new Set([...planned.keys(), ...byKey.keys()])].sort((a, b) => order(a) - order(b));
  const configs = keys.map((key): SideConfig => {
    const trials = [...(byKey.get(key) ?? [])].sort((a, b) => a.config.trial - b.config.trial);
    const config = planned.get(key) ?? trials[0]!.config;
    const ok = trials.flatMap((r): OkResult[] => (r.status === 'ok' ? [r] : []));
    const notOk = trials.flatMap((r) => (r.status === 'ok' ? [] : [r]));
    // Planned trials without a result: an interrupted run. Shown, never silently dropped.
    const plannedCount = plannedTrials.get(key) ?? trials.length;
    const unmeasured = Math.max(0, plannedCount - trials.length);
    const first = notOk[0] && `trial ${notOk[0].config.trial} ${notOk[0].status}: ${notOk[0].reason}`;
    const problems = [
      ...(first
        ? [ok.length > 0 ? `${notOk.length} of ${trials.length} trials not ok (${first})` : notOk.length > 1 ? `${first} (all ${notOk.length} trials)` : first]
        : []),
      ...(unmeasured > 0 ? [`${unmeasured} planned trial(s) not measured (interrupted run?)`] : []),
    ];
    const figures = loadFigures(ok);
    const samples = ok.flatMap((r) => r.samplesMs);
    return {
      key,
      config,
      label: configLabel(labelParts(config)),
      status: ok.length > 0 ? 'ok' : notOk.length > 0 && notOk.every((r) => r.status === 'unavailable') ? 'unavailable' : 'failed',
      ...(problems.length > 0 ? { reason: problems.join('; ') } : {}),
      ...(trials[0]?.engineVersion ? { engineVersion: trials[0].engineVersion } : {}),
      trialMediansMs: ok.map((r) => roundFigure(median(r.samplesMs))),
      samplesMs: capSamples(samples).map(roundFigure),
      sampleCount: samples.length,
      ...(unmeasured > 0 ? { missingTrials: unmeasured } : {}),
      plannedTrials: plannedCount,
      ...disturbancesOf(ok),
      // Rounded as a baseline stores them, so a run and its baseline judge alike.
      ...(figures
        ? {
            load: {
              trialInferencesPerS: figures.trialInferencesPerS.map(roundFigure),
              trialP99Ms: figures.trialP99Ms.map(roundFigure),
              windowInferencesPerS: figures.windowInferencesPerS.map(roundFigure),
              windowP99Ms: figures.windowP99Ms.map(roundFigure),
            },
          }
        : {}),
    };
  });
  return {
    runId: run.manifest.runId,
    suite: run.manifest.suite,
    machineKey: run.manifest.environment.machineKey,
    label,
    environment: run.manifest.environment,
    protocolVersion: protocolVersionOf(run.manifest.protocolVersion),
    configs,
    ...(run.cutLine ? { cutLine: run.cutLine } : {}),
  };
}

/**
 * A configuration's identity without its engine (alias and spec): what pairs two engines or
 * two versions of one stack in paired mode.
 */
export function pairingKey(config: ConfigSpec): string {
  const { model, backend, target, batch, shapes, options, concurrency, concurrencyMode } = config;
  // Concurrency joins the identity only above 1, so keys of runs without the axis stay what they were.
  const load = concurrencyMode ? { concurrency, concurrencyMode } : {};
  const identity = stableStringify({ sha256: model.sha256, backend, target: target ?? '', batch, shapes, options, ...load }, 0);
  return createHash('sha256').update(identity).digest('hex').slice(0, 16);
}

/**
 * Splits one side holding two engines (a run with `--backend ort:cpu,ref:cpu`) into the
 * reference engine's configurations and another engine's (`headAlias`; default: every other
 * engine, which must then not measure the same configuration twice), for a paired comparison.
 */
export function splitByEngine(side: Side, referenceAlias: string, headAlias?: string): { reference: Side; candidate: Side } {
  const reference = side.configs.filter((c) => c.config.engine === referenceAlias);
  const candidate = side.configs.filter((c) => (headAlias === undefined ? c.config.engine !== referenceAlias : c.config.engine === headAlias));
  const all = [...new Set(side.configs.map((c) => c.config.engine))].join(', ') || 'none';
  if (headAlias === referenceAlias) {
    throw new DnnperfError('E_BAD_ARGUMENT', `--head ${headAlias} is the reference engine too: name another engine of ${side.label} (it has ${all})`);
  }
  if (reference.length === 0 || candidate.length === 0) {
    const missing = reference.length === 0 ? referenceAlias : (headAlias ?? 'another engine');
    throw new DnnperfError('E_BAD_ARGUMENT', `${side.label}: has no configurations of ${missing} to pair (it has ${all}): name engines it holds`);
  }
  const seen = new Map<string, string>();
  for (const c of candidate) {
    const other = seen.get(pairingKey(c.config));
    if (other !== undefined && other !== c.config.engine) {
      throw new DnnperfError(
        'E_BAD_ARGUMENT',
        `${side.label}: engines ${other} and ${c.config.engine} both measured ${c.label} against reference ${referenceAlias}: pick one with --head <alias>`,
      );
    }
    seen.set(pairingKey(c.config), c.config.engine);
  }
  const engines = [...new Set(candidate.map((c) => c.config.engine))].join(', ');
  return {
    reference: { ...side, label: `${referenceAlias} (reference)`, configs: reference },
    candidate: { ...side, label: engines, configs: candidate },
  };
}
