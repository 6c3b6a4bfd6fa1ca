/**
 * Baselines: `baselines/<machine-key>/<suite>.json`, committed and reviewed like code, so the
 * file is pretty JSON with sorted keys and one line per number array (src/compare/stable-json.ts).
 * Per configuration it keeps the per-trial medians the gate tests, a capped, evenly spaced
 * subset of raw samples (for the raw-sample fallback), a few summary figures, and the
 * environment for the diff.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { median } from 'simple-statistics';
import { z } from 'zod';
import { DnnperfError } from '../errors.js';
import { type JsonFileKind, readJson, writeFileAtomic } from '../file-io.js';
import { makeFolder } from '../fs/make-folder.js';
import { describeIncompleteness, isComplete, runCompleteness } from '../results/completeness.js';
import { protocolVersionOf } from '../results/protocol-version.js';
import type { RunData } from '../results/run-files.js';
import { configSpecSchema, environmentSchema, SCHEMA_VERSION } from '../results/schema.js';
import { checkSchemaVersionOf } from '../results/schema-version.js';
import { DEFAULT_GATE_TRIALS, MIN_TRIALS } from './compare.js';
import { setAsideDisturbed } from './disturbance.js';
import { roundFigure, SIDE_MAX_SAMPLES, type Side, sideFromRun } from './side.js';
import { stableStringify } from './stable-json.js';

/**
 * Trials a baseline should hold. The base side is fixed while the gate measures the head in
 * looks of up to DEFAULT_SEQUENTIAL_DESIGN.maxTrials trials, so a baseline of 12 halves the
 * base's share of the variance of the comparison against one of 6, for one run made once.
 */
export const DEFAULT_BASELINE_TRIALS = 12;

/** Raw samples kept per configuration, spread evenly over the trials (as every side keeps them). */
export const BASELINE_MAX_SAMPLES = SIDE_MAX_SAMPLES;

const baselineConfigSchema = z.object({
  key: z.string(),
  label: z.string(),
  config: configSpecSchema,
  status: z.enum(['ok', 'failed', 'unavailable']),
  reason: z.string().optional(),
  engineVersion: z.string().optional(),
  /** Median of the per-trial medians, ms; absent when nothing measured. */
  medianMs: z.number().optional(),
  /** (max - min) / median of the per-trial medians: the run-to-run spread, percent. */
  trialSpreadPct: z.number().optional(),
  sampleCount: z.number().int(),
  trialMediansMs: z.array(z.number()),
  samplesMs: z.array(z.number()),
  /** Trials measured on a disturbed machine (`trial N: reason`): the gate calls such a baseline environment suspect. */
  disturbances: z.array(z.string()).optional(),
  /** Configurations with several requests in flight: throughput and p99 per trial and per reported window. */
  load: z
    .object({
      trialInferencesPerS: z.array(z.number()),
      trialP99Ms: z.array(z.number()),
      windowInferencesPerS: z.array(z.number()),
      windowP99Ms: z.array(z.number()),
    })
    .optional(),
});

export const baselineSchema = z.object({
  schemaVersion: z.string(),
  suite: z.string(),
  machineKey: z.string(),
  runId: z.string(),
  /** When the run that became this baseline was made. */
  createdAt: z.string(),
  /** Version of the measurement protocol it was measured with (absent in older baselines: 1). */
  protocolVersion: z.number().int().optional(),
  environment: environmentSchema,
  configurations: z.array(baselineConfigSchema),
});
export type Baseline = z.infer<typeof baselineSchema>;

export function baselinePath(baselinesDir: string, machineKey: string, suite: string): string {
  return join(baselinesDir, machineKey, `${suite}.json`);
}

export interface BaselineFromRun {
  baseline: Baseline;
  /** Things the user should know: too few trials, configurations that did not measure. */
  warnings: string[];
}

export interface BaselineFromRunOptions {
  /** Save under this suite name. Default: the run's suite. */
  suite?: string;
  /** Save a run with planned measurements missing (each stored as failed). Default false: refused. */
  force?: boolean;
}

export function baselineFromRun(run: RunData, options: BaselineFromRunOptions = {}): BaselineFromRun {
  const suite = options.suite ?? run.manifest.suite;
  const completeness = runCompleteness(run);
  const missing = isComplete(completeness) ? undefined : describeIncompleteness(completeness, run.manifest.configurations.length);
  if (missing && !options.force) {
    throw new DnnperfError(
      'E_BASELINE',
      `${run.dir} is incomplete and never becomes a baseline: ${missing}; finish it with the same \`dnnperf run\` flags plus --run-id ${run.manifest.runId} --resume, or measure it again (--force saves it as it is)`,
    );
  }
  // Disturbed trials are left out where enough clean ones remain: otherwise one busy moment
  // during a 12-trial run would make every later gate of that configuration environment suspect.
  const { run: clean, setAside } = setAsideDisturbed(run, DEFAULT_GATE_TRIALS);
  const side = sideFromRun(clean);
  const ok = side.configs.filter((c) => c.status === 'ok');
  if (ok.length === 0) {
    throw new DnnperfError('E_BASELINE', `${run.dir}: no configuration measured ok: nothing to save; re-run the suite and save that run`);
  }
  const warnings = [...run.warnings];
  if (missing) warnings.push(`saved an incomplete run (--force): ${missing}; what has no result is stored as failed`);
  const fewTrials = ok.filter((c) => c.trialMediansMs.length < MIN_TRIALS);
  if (fewTrials.length > 0) {
    warnings.push(
      `${fewTrials.length} configuration(s) have fewer than ${MIN_TRIALS} trials: the gate will test raw samples for them, ` +
        `which understate run-to-run variance; save a run made with --trials ${DEFAULT_BASELINE_TRIALS}`,
    );
  }
  for (const c of side.configs) if (c.status !== 'ok') warnings.push(`${c.label}: ${c.status} (${c.reason}): saved as such`);
  if (setAside.size > 0) {
    const trials = [...setAside.values()].reduce((n, t) => n + t.length, 0);
    warnings.push(
      `left out ${trials} trial(s) of ${setAside.size} configuration(s) measured on a disturbed machine (${DEFAULT_GATE_TRIALS} or more clean trials remain for each)`,
    );
  }
  const disturbed = side.configs.filter((c) => c.disturbances);
  if (disturbed.length > 0) {
    warnings.push(
      `${disturbed.length} configuration(s) were measured on a disturbed machine (${disturbed[0]!.label}, ${disturbed[0]!.disturbances![0]}): ` +
        'every gate against this baseline will say environment suspect; measure again on an idle machine (`dnnperf doctor` lists what is busy) and save that run',
    );
  }
  const configurations = side.configs.map((c) => {
    const trialMediansMs = c.trialMediansMs;
    const medianMs = trialMediansMs.length > 0 ? roundFigure(median(trialMediansMs)) : undefined;
    return {
      key: c.key,
      label: c.label,
      config: { ...c.config, trial: 0 },
      status: c.status,
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.engineVersion ? { engineVersion: c.engineVersion } : {}),
      ...(medianMs !== undefined
        ? { medianMs, trialSpreadPct: roundFigure(((Math.max(...trialMediansMs) - Math.min(...trialMediansMs)) / medianMs) * 100) }
        : {}),
      sampleCount: c.sampleCount ?? c.samplesMs.length,
      trialMediansMs,
      samplesMs: c.samplesMs,
      ...(c.disturbances ? { disturbances: c.disturbances } : {}),
      ...(c.load ? { load: c.load } : {}),
    };
  });
  return {
    baseline: {
      schemaVersion: SCHEMA_VERSION,
      suite,
      machineKey: side.machineKey,
      runId: side.runId,
      createdAt: run.manifest.createdAt,
      protocolVersion: side.protocolVersion,
      environment: side.environment,
      configurations,
    },
    warnings,
  };
}

/** Writes the baseline atomically and returns its path. */
export function writeBaseline(baselinesDir: string, baseline: Baseline): string {
  const path = baselinePath(baselinesDir, baseline.machineKey, baseline.suite);
  makeFolder(dirname(path));
  writeFileAtomic(path, `${stableStringify(baseline)}\n`);
  return path;
}

const BASELINE_KIND: JsonFileKind = {
  what: 'baseline',
  code: 'E_BASELINE',
  fix: 'the baseline is damaged or truncated; restore it from git or save a new one with `dnnperf baseline save <run>`',
  check: checkSchemaVersionOf,
};

/** Reads and validates a baseline; a missing file says how to make one. */
export function readBaseline(path: string): Baseline {
  if (!existsSync(path)) {
    throw new DnnperfError(
      'E_BASELINE',
      `${path}: no baseline for this machine and suite: measure the suite with \`dnnperf run <suite> --trials ${DEFAULT_BASELINE_TRIALS} --no-layers\` and promote it with \`dnnperf baseline save <run>\``,
    );
  }
  return readJson(path, baselineSchema, BASELINE_KIND);
}

export function sideFromBaseline(baseline: Baseline): Side {
  return {
    runId: baseline.runId,
    suite: baseline.suite,
    machineKey: baseline.machineKey,
    label: `baseline ${baseline.suite} (${baseline.runId})`,
    environment: baseline.environment,
    protocolVersion: protocolVersionOf(baseline.protocolVersion),
    configs: baseline.configurations.map((c) => ({
      key: c.key,
      config: c.config,
      label: c.label,
      status: c.status,
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.engineVersion ? { engineVersion: c.engineVersion } : {}),
      trialMediansMs: c.trialMediansMs,
      samplesMs: c.samplesMs,
      sampleCount: c.sampleCount,
      ...(c.disturbances ? { disturbances: c.disturbances } : {}),
      ...(c.load ? { load: c.load } : {}),
    })),
  };
}
