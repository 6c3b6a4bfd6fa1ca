/**
 * The gate: run the suite in several processes per configuration and compare.
 *
 * - Baseline mode: against `baselines/<machine-key>/<suite>.json`, matched by configuration
 *   key, drift guard on (base and head ran at different times).
 * - Paired mode (`against`): the reference is measured in the same job as the candidate.
 *   An engine declaration (`alias=kind[:key=value,...]`, as `--engine` takes) is run in the
 *   same run as the candidate, trials interleaved (trial 0 of both, then trial 1...), so slow
 *   drift of the machine hits both sides alike; a run folder is a reference measured earlier
 *   in the job (e.g. on the previous build), and the candidate is run with its suite, trials
 *   and protocol. Both match configurations ignoring the engine and keep the drift guard
 *   off: with both sides measured side by side, a uniform shift is the change itself.
 *
 * Never prints or exits: returns the run, the comparison and the outcome.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { baselinePath, DEFAULT_BASELINE_TRIALS, readBaseline, sideFromBaseline } from '../compare/baseline.js';
import { type CompareOptions, compareSides, DEFAULT_GATE_TRIALS } from '../compare/compare.js';
import { type GateOutcome, gateOutcome } from '../compare/gate-outcome.js';
import { DEFAULT_SEQUENTIAL_DESIGN, type SequentialDesign } from '../compare/sequential.js';
import { sideFromRun, splitByEngine } from '../compare/side.js';
import { defaultThresholds, type ThresholdPolicy, thresholdsFromSuite } from '../compare/thresholds.js';
import type { Comparison } from '../compare/types.js';
import { parseBackendList } from '../engines/backend-spec.js';
import { parseEngineInstance } from '../engines/registry.js';
import { collectEnvironment } from '../env/environment.js';
import { DnnperfError } from '../errors.js';
import { PROTOCOL_CHANGES, PROTOCOL_VERSION, protocolVersionOf } from '../results/protocol-version.js';
import { RUN_FILE, type RunData, readRun } from '../results/run-files.js';
import type { ProtocolOptions } from '../results/schema.js';
import type { RunEventHandler } from '../run/events.js';
import type { RunOptions } from '../run/options.js';
import { startRun } from '../run/run-suite.js';
import { ADHOC_SUITE, DEFAULT_SUITE, loadSuite } from '../suites/load-suite.js';
import { type Judge, measureUntilDecided } from './measure-until-decided.js';

export const DEFAULT_BASELINES_DIR = 'baselines';
/**
 * Seconds a gate measures at most (first look included), sized so that a gate of the default
 * suite ends within 4 minutes on a 2-core VM (docs/ci.md).
 */
export const DEFAULT_GATE_BUDGET_S = 180;
/**
 * The gate's per-process protocol, shorter than a run's: the gate's precision comes from
 * the spread across processes, and a trial's median is already stable after a few hundred
 * milliseconds of samples (at least minSamples), so longer sampling would mostly cost time.
 * Flags override it field by field.
 */
export const GATE_PROTOCOL: Partial<ProtocolOptions> = { warmupMs: 200, minTimeMs: 300, maxTimeMs: 2000 };

export interface GateOptions {
  /** Suite name or path (default DEFAULT_SUITE). */
  suite?: string;
  /** Processes per configuration and side (default DEFAULT_GATE_TRIALS). */
  trials?: number;
  /** Folder of baselines (default DEFAULT_BASELINES_DIR). */
  baselinesDir?: string;
  /** A baseline file to use instead of `<baselinesDir>/<machine-key>/<suite>.json` (with `force`, another machine's). */
  baseline?: string;
  /** Baseline mode: judge this run (e.g. merged shards) instead of measuring one (default: measure). */
  runDir?: string;
  /** Paired mode: a run folder, or an engine declaration `alias=kind[:key=value,...]` (default: baseline mode). */
  against?: string;
  /** Compare with a baseline from another machine key (default false). */
  force?: boolean;
  /** Overrides every threshold, percent (default: the suite's, per model). */
  thresholdPct?: number;
  /**
   * Seconds the gate may spend measuring, first look included (default DEFAULT_GATE_BUDGET_S):
   * undecided configurations are measured again while it lasts.
   */
  budgetS?: number;
  /** Most trials any configuration gets (default DEFAULT_SEQUENTIAL_DESIGN.maxTrials; = trials for one look only). */
  maxTrials?: number;
  /** Passed to the run (models, backends, batches, protocol, outDir, engines, childEnv...); layers default false. */
  run?: Omit<RunOptions, 'suite' | 'trials'>;
}

export interface GateResult {
  run: RunData;
  comparison: Comparison;
  outcome: GateOutcome;
  /** The baseline compared with (baseline mode). */
  baselinePath?: string;
}

/** The run that makes a baseline measured like the gate measures. */
export const BASELINE_RUN_COMMAND = (suite: string) =>
  `dnnperf run ${suite} --trials ${DEFAULT_BASELINE_TRIALS} --no-layers --warmup-time ${GATE_PROTOCOL.warmupMs! / 1000} ` +
  `--min-time ${GATE_PROTOCOL.minTimeMs! / 1000} --max-time ${GATE_PROTOCOL.maxTimeMs! / 1000}`;

/** Run options for the candidate: the gate's defaults under what the caller set. */
function candidateRun(o: GateOptions, base: Partial<ProtocolOptions> = GATE_PROTOCOL): RunOptions {
  const given = Object.fromEntries(Object.entries(o.run?.protocol ?? {}).filter(([, v]) => v !== undefined));
  return { layers: false, ...o.run, protocol: { ...base, ...given }, trials: o.trials ?? DEFAULT_GATE_TRIALS };
}

function thresholds(suite: string, override: number | undefined): ThresholdPolicy {
  if (override !== undefined) return defaultThresholds(override);
  // Runs of --model files have no suite file: the default threshold applies.
  return suite === ADHOC_SUITE ? defaultThresholds() : thresholdsFromSuite(loadSuite(suite));
}

/** Other machines that have a baseline of this suite: named in the error, since a changed key is the usual cause. */
function otherMachines(dir: string, suiteName: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((key) => statSync(join(dir, key)).isDirectory() && existsSync(baselinePath(dir, key, suiteName)));
}

async function baselineMode(o: GateOptions, onEvent?: RunEventHandler, signal?: AbortSignal): Promise<GateResult> {
  const given = o.runDir === undefined ? undefined : readRun(o.runDir);
  const suite = o.suite ?? given?.manifest.suite ?? DEFAULT_SUITE;
  const suiteName = loadSuite(suite).name;
  const dir = o.baselinesDir ?? DEFAULT_BASELINES_DIR;
  // Find the baseline before measuring anything: a missing one should not cost a whole run.
  const machineKey = given?.manifest.environment.machineKey ?? (await collectEnvironment({})).machineKey;
  const path = o.baseline ?? baselinePath(dir, machineKey, suiteName);
  if (!existsSync(path)) {
    const others = otherMachines(dir, suiteName);
    throw new DnnperfError(
      'E_BASELINE',
      `no baseline for machine ${machineKey} and suite ${suiteName} (${path})` +
        (others.length > 0 ? `; baselines exist for ${others.join(', ')}` : '') +
        `: measure one with \`${BASELINE_RUN_COMMAND(suite)}\` and promote it with \`dnnperf baseline save <run>\``,
    );
  }
  if (given && given.manifest.suite !== suiteName) {
    throw new DnnperfError(
      'E_RESULTS',
      `${given.dir}: a run of suite '${given.manifest.suite}', not '${suiteName}': judge it against its own suite's baseline`,
    );
  }
  const baseline = readBaseline(path);
  if (baseline.suite !== suiteName) {
    throw new DnnperfError(
      'E_BASELINE',
      `${path}: a baseline of suite '${baseline.suite}', but the gate runs suite '${suiteName}': pass the baseline of ${suiteName}`,
    );
  }
  const base = sideFromBaseline(baseline);
  if (!given) assertBaselineProtocol(path, base.protocolVersion, o.run?.protocolVersion ?? PROTOCOL_VERSION, suite, o.force ?? false);
  const options: CompareOptions = { thresholds: thresholds(suite, o.thresholdPct), force: o.force };
  if (given) {
    // A finished run cannot be measured further: one look, Holm over the matrix.
    const comparison = compareSides(base, sideFromRun(given), options);
    return { run: given, comparison, outcome: gateOutcome(comparison), baselinePath: path };
  }
  const judge: Judge = (run, adjust) => compareSides(base, sideFromRun(run), { ...options, adjust });
  return { ...(await sequentialGate({ ...candidateRun(o), suite }, judge, design(o, false), o, 'key', onEvent, signal)), baselinePath: path };
}

/**
 * Before measuring: a baseline of another protocol version would be refused after the whole
 * run (compare's check), so say it now, with both ways out.
 */
function assertBaselineProtocol(path: string, baselineVersion: number, measuring: number, suite: string, force: boolean): void {
  if (force || baselineVersion === measuring) return;
  throw new DnnperfError(
    'E_BASELINE',
    `${path}: a baseline measured with protocol ${baselineVersion} (${PROTOCOL_CHANGES[baselineVersion] ?? 'unknown to this dnnperf'}), and this gate measures with protocol ${measuring} ` +
      `(${PROTOCOL_CHANGES[measuring]}): medians differ between protocols; save a new baseline (\`${BASELINE_RUN_COMMAND(suite)}${measuring === PROTOCOL_VERSION ? '' : ` --protocol ${measuring}`}\`, then \`dnnperf baseline save <run>\`), ` +
      `or gate with --protocol ${baselineVersion} to measure the way the baseline was`,
  );
}

async function againstEngine(o: GateOptions, onEvent?: RunEventHandler, signal?: AbortSignal): Promise<GateResult> {
  const suite = o.suite ?? DEFAULT_SUITE;
  const reference = parseEngineInstance(o.against!);
  const candidates = parseBackendList(o.run?.backends?.length ? o.run.backends : loadSuite(suite).backends);
  if (candidates.some((b) => b.engine === reference.alias)) {
    throw new DnnperfError(
      'E_BAD_ARGUMENT',
      `--against ${o.against}: alias '${reference.alias}' is also a candidate engine: give the reference its own alias, e.g. ref=${reference.kind}:...`,
    );
  }
  const candidateBackends = candidates.map((b) => b.spec);
  const referenceBackends = candidates.map((b) => `${reference.alias}:${b.spec.slice(b.engine.length + 1)}`);
  const judge: Judge = (run, adjust) => {
    const sides = splitByEngine(sideFromRun(run), reference.alias);
    return compareSides(sides.reference, sides.candidate, { thresholds: thresholds(suite, o.thresholdPct), match: 'ignore-engine', driftGuard: false, adjust });
  };
  return sequentialGate(
    {
      ...candidateRun(o),
      suite,
      // Both engines in one plan: the run core interleaves them within every trial.
      backends: [...candidateBackends, ...referenceBackends],
      engines: [...(o.run?.engines ?? []), o.against!],
    },
    judge,
    design(o, true),
    o,
    'ignore-engine',
    onEvent,
    signal,
  );
}

async function againstRun(o: GateOptions, onEvent?: RunEventHandler, signal?: AbortSignal): Promise<GateResult> {
  const reference = readRun(o.against!);
  const m = reference.manifest;
  const trials = Math.max(...m.configurations.map((c) => c.trial)) + 1;
  const base = sideFromRun(reference, `${m.runId} (reference)`);
  const judge: Judge = (run, adjust) =>
    compareSides(base, sideFromRun(run), {
      thresholds: thresholds(o.suite ?? m.suite, o.thresholdPct),
      match: 'ignore-engine',
      driftGuard: false,
      force: o.force,
      adjust,
    });
  return sequentialGate(
    {
      ...candidateRun(o, m.protocol),
      // The reference's protocol version, so that its settings (not only its timings) are the same.
      protocolVersion: o.run?.protocolVersion ?? protocolVersionOf(m.protocolVersion),
      suite: o.suite ?? m.suite,
      // The reference's own matrix unless told otherwise, so every configuration pairs up.
      batches: o.run?.batches ?? [...new Set(m.configurations.map((c) => c.batch))],
      ...(m.suite === ADHOC_SUITE && !o.run?.models ? { models: [...new Set(m.configurations.map((c) => c.model.path))] } : {}),
    },
    judge,
    design({ ...o, trials: o.trials ?? trials }, false),
    o,
    'ignore-engine',
    onEvent,
    signal,
  );
}

/** The sequential design for these options: the defaults, with the trials and the cap the caller set. */
function design(o: GateOptions, baseGrows: boolean): SequentialDesign {
  const firstTrials = o.trials ?? DEFAULT_GATE_TRIALS;
  return { ...DEFAULT_SEQUENTIAL_DESIGN, firstTrials, maxTrials: Math.max(firstTrials, o.maxTrials ?? DEFAULT_SEQUENTIAL_DESIGN.maxTrials), baseGrows };
}

/** Starts the run, measures until decided or out of budget, and returns the last look. */
async function sequentialGate(
  runOptions: RunOptions,
  judge: Judge,
  d: SequentialDesign,
  o: GateOptions,
  match: 'key' | 'ignore-engine',
  onEvent?: RunEventHandler,
  signal?: AbortSignal,
): Promise<GateResult> {
  const budgetS = o.budgetS ?? DEFAULT_GATE_BUDGET_S;
  const handle = await startRun(runOptions, onEvent, signal);
  const loop = await measureUntilDecided(handle, judge, { design: d, budgetS, match, ...(signal ? { signal } : {}) });
  const run = await handle.finish();
  const comparison: Comparison = {
    ...loop.comparison,
    sequential: {
      looks: loop.looks,
      stoppedBy: loop.stoppedBy,
      spentS: loop.spentS,
      budgetS,
      firstTrials: d.firstTrials,
      stepTrials: d.stepTrials,
      maxTrials: d.maxTrials,
    },
  };
  return { run, comparison, outcome: gateOutcome(comparison) };
}

export async function runGate(options: GateOptions, onEvent?: RunEventHandler, signal?: AbortSignal): Promise<GateResult> {
  if (options.against === undefined) return baselineMode(options, onEvent, signal);
  if (existsSync(join(options.against, RUN_FILE))) return againstRun(options, onEvent, signal);
  if (options.against.includes('=')) return againstEngine(options, onEvent, signal);
  throw new DnnperfError(
    'E_BAD_ARGUMENT',
    `--against ${options.against}: neither a run folder (no ${RUN_FILE} there) nor an engine declaration alias=kind[:key=value,...] (e.g. ref=ort:module=/opt/ort128/node_modules/onnxruntime-node)`,
  );
}
