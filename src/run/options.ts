/** Options of `run`, every field documented with its default; `resolveRunOptions` fills them in. */

import { resolveLoadProtocol, resolveProtocol } from '../measure/protocol-defaults.js';
import type { ShapeRequest } from '../models/resolve-shapes.js';
import { PROTOCOL_VERSION } from '../results/protocol-version.js';
import type { ConcurrencyMode, LoadProtocol, ProtocolOptions } from '../results/schema.js';
import { ADHOC_SUITE, DEFAULT_SUITE } from '../suites/load-suite.js';
import { DEFAULT_EXISTING_RUN_POLICY, type ExistingRunPolicy } from './run-folder.js';

export interface RunOptions {
  /** Suite name (suites/<name>.json) or path. Default: `default`, unless `models` is given. */
  suite?: string;
  /** Models by path, built-in id or manifest id; replaces the suite's models. Default: the suite's. */
  models?: string[];
  /** `engine:backend[/target]` specs. Default: the suite's. */
  backends?: string[];
  /** Batch sizes. Default: the suite's. */
  batches?: number[];
  /** Input shapes (null = batch), applied to every model that has the input. Default: the suite's per model. */
  shapes?: ShapeRequest;
  /** Values per input name, spec strings as `--input` takes them, for every model with that input. Default: the suite's per model, else test data, else seeded random. */
  inputs?: Record<string, string>;
  /** An ONNX test data set folder that every model takes its inputs and reference outputs from. Default: the suite's `inputsFrom` per model, else a zoo model's own test data. */
  inputsFrom?: string;
  /** Use the test data sets a zoo model's archive carries. Default: true. */
  testData?: boolean;
  /** Relative L2 error allowed against test-data reference outputs. Default: OUTPUT_TOLERANCE (1e-3), OUTPUT_TOLERANCE_FP16 (1e-2) for FP16 targets. */
  outputTolerance?: number;
  /** Model manifest that zoo ids are looked up in. Default: the bundled models/zoo.json. */
  manifest?: string;
  /** Engine instances by alias: `alias=kind[:key=value,...]`. Default: none (kinds by their own name). */
  engines?: string[];
  /** Engine options for every configuration, e.g. threads=2. Default: the suite's. */
  engineOptions?: Record<string, string | number | boolean>;
  /** Where run folders go. Default: `reports`. */
  outDir?: string;
  /** Run id, a plain name (no separators, not `.`/`..`). Default: `<timestamp>-<suite>-<random>`. */
  runId?: string;
  /** An existing `<outDir>/<runId>`: refused, replaced (deleted, measured again) or resumed (same suite, matrix, protocol). Default: DEFAULT_EXISTING_RUN_POLICY ('refuse'). */
  existing?: ExistingRunPolicy;
  /** Protocol overrides. Default: DEFAULT_PROTOCOL with the settings of `protocolVersion`. */
  protocol?: Partial<ProtocolOptions>;
  /** Measurement protocol version (PROTOCOL_SETTINGS), recorded in the run. Default: PROTOCOL_VERSION. */
  protocolVersion?: number;
  /** Run the per-layer pass (once per configuration, with its first trial). Default: true. */
  layers?: boolean;
  /** Processes per configuration, interleaved (trial 0 of every configuration, then trial 1...). Default: DEFAULT_TRIALS (1). */
  trials?: number;
  /** Run the i-th of n slices of the matrix (1-based). Default: all of it. */
  shard?: { index: number; count: number };
  /** Fetch zoo models that are not cached. Default: true. */
  fetch?: boolean;
  /** Model cache folder. Default: see src/models/fetch/options.ts. */
  cacheDir?: string;
  /** Mirror for model downloads. Default: `$DNNPERF_MODEL_MIRROR`. */
  mirror?: string;
  /**
   * Test knob for measuring the gate's detection power: percent of each timed run to add as a
   * real busy-wait inside the timed window, by model name (`*` for every model). Work is added,
   * not numbers edited. Default: none.
   */
  injectSlowdownPct?: Readonly<Record<string, number>>;
  /** Extra environment for the measuring children (e.g. the mock engine's knobs in tests). Default: none. */
  childEnv?: NodeJS.ProcessEnv;
  /**
   * Requests kept in flight, one closed loop per value (1 is the sequential protocol). Default:
   * the suite's `concurrency`; without one, no concurrency axis (DEFAULT_BUDGET_CONCURRENCY with a latency budget).
   */
  concurrency?: number[];
  /** How several requests are in flight when concurrency > 1. Default: DEFAULT_CONCURRENCY_MODES. */
  concurrencyModes?: ConcurrencyMode[];
  /** Closed-loop window and stability overrides. Default: DEFAULT_LOAD_PROTOCOL. */
  loadProtocol?: Partial<LoadProtocol>;
  /**
   * p99 latency budget, ms: each model and backend's concurrency (and batch) sweep stops where
   * throughput stops rising or p99 passes the budget, and the run names the best configuration
   * within it. Default: none (every planned configuration is measured).
   */
  latencyBudgetMs?: number;
}

export const DEFAULT_CONCURRENCY_MODES: ConcurrencyMode[] = ['sessions'];
/** The sweep a latency budget gets when neither the flags nor the suite give concurrencies. */
export const DEFAULT_BUDGET_CONCURRENCY = [1, 2, 4, 8, 16, 32];

export interface ResolvedRunOptions extends Omit<RunOptions, 'protocol' | 'suite' | 'loadProtocol'> {
  suite: string;
  testData: boolean;
  existing: ExistingRunPolicy;
  outDir: string;
  protocol: ProtocolOptions;
  protocolVersion: number;
  loadProtocol: LoadProtocol;
  layers: boolean;
  trials: number;
  fetch: boolean;
}

export const DEFAULT_OUT_DIR = 'reports';
/** Processes per configuration. */
export const DEFAULT_TRIALS = 1;

export function resolveRunOptions(o: RunOptions): ResolvedRunOptions {
  return {
    ...o,
    suite: o.suite ?? (o.models?.length ? ADHOC_SUITE : DEFAULT_SUITE),
    outDir: o.outDir ?? DEFAULT_OUT_DIR,
    existing: o.existing ?? DEFAULT_EXISTING_RUN_POLICY,
    protocol: resolveProtocol(o.protocol, o.protocolVersion),
    protocolVersion: o.protocolVersion ?? PROTOCOL_VERSION,
    loadProtocol: resolveLoadProtocol(o.loadProtocol),
    layers: o.layers ?? true,
    trials: o.trials ?? DEFAULT_TRIALS,
    fetch: o.fetch ?? true,
    testData: o.testData ?? true,
  };
}
