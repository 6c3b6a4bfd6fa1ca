/**
 * The on-disk data model: `reports/<run-id>/run.json` and one
 * `results.jsonl` line per configuration. Zod schemas are the single source of truth:
 * the TypeScript types are inferred from them and every reader validates with them.
 * Units live in field names (`medianMs`, `throughputPerS`, `peakRssBytes`).
 */
import { z } from 'zod';

/** Bump the major on a breaking change: readers reject a newer major with a clear message. */
export const SCHEMA_VERSION = '1.1';
export const SCHEMA_MAJOR = 1;

const dims = z.array(z.number().int());

export const DTYPES = ['float32', 'float16', 'int64', 'int32', 'int8', 'uint8', 'bool'] as const;
export const dtypeSchema = z.enum(DTYPES);
export type DType = z.infer<typeof dtypeSchema>;

/** Where a model came from and what exactly it was (bytes hashed). */
export const modelRefSchema = z.object({
  /** Display name: a built-in id, a zoo id or the file's base name. */
  name: z.string(),
  path: z.string(),
  sha256: z.string(),
  source: z.enum(['builtin', 'file', 'zoo', 'derived']),
  /** For a derived model (e.g. the FP16 conversion): the sha256 of the source model. */
  derivedFrom: z.string().optional(),
});
export type ModelRef = z.infer<typeof modelRefSchema>;

/**
 * `sessions`: N sessions (N InferenceSessions, N cv::dnn::Nets), one request in flight on each.
 * `shared`: one session with N requests in flight on it, where the engine allows that.
 */
export const CONCURRENCY_MODES = ['sessions', 'shared'] as const;
export const concurrencyModeSchema = z.enum(CONCURRENCY_MODES);
export type ConcurrencyMode = z.infer<typeof concurrencyModeSchema>;

/**
 * One configuration of the matrix: model x engine x backend/target x batch x shapes x options.
 * `key` is a stable hash of everything but the trial number: compare matches on it.
 */
export const configSpecSchema = z.object({
  key: z.string(),
  /** Position in the planned matrix (stable order for shards). */
  index: z.number().int().nonnegative(),
  model: modelRefSchema,
  /** `engine:backend[/target]`, e.g. `ort:cuda/fp16`. */
  spec: z.string(),
  engine: z.string(),
  backend: z.string(),
  target: z.string().optional(),
  batch: z.number().int().positive(),
  /** Every input's concrete shape, symbolic dims resolved. */
  shapes: z.record(z.string(), dims),
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Repeat number when a configuration is measured in several processes (gate trials). */
  trial: z.number().int().nonnegative().default(0),
  /**
   * Where the input values came from: every input seeded random (`generated`), some given with
   * `--input` or the suite (`given`), or all from an ONNX test data set (`test-data`).
   * Absent in files written before inputs could be given: generated.
   */
  inputSource: z.enum(['generated', 'given', 'test-data']).optional(),
  /** Per input, its values: `random`, `constant 16000`, `int:0..30521`, `file <path> (batch tiled x8)`, `test data <path>`. */
  inputValues: z.record(z.string(), z.string()).optional(),
  /** What about the inputs a reader should know: test data sets left out, outputs not checked and why. */
  inputNotes: z.array(z.string()).optional(),
  /**
   * Requests kept in flight by a closed loop (section 12 of the design); absent in runs
   * without a concurrency axis. At 1 the configuration is measured by the sequential protocol.
   */
  concurrency: z.number().int().positive().optional(),
  /** How several requests are in flight (set when concurrency > 1): see concurrencyModeSchema. */
  concurrencyMode: concurrencyModeSchema.optional(),
});
export type ConfigSpec = z.infer<typeof configSpecSchema>;

/** Summary statistics over one configuration's samples (see src/stats/summary.ts). */
export const sampleStatsSchema = z.object({
  n: z.number().int(),
  medianMs: z.number(),
  meanMs: z.number(),
  minMs: z.number(),
  maxMs: z.number(),
  p05Ms: z.number(),
  p95Ms: z.number(),
  p99Ms: z.number(),
  stddevMs: z.number(),
  /** Coefficient of variation, stddev / mean. */
  cv: z.number(),
  iqrMs: z.number(),
  madMs: z.number(),
  /** Distribution-free 95% CI of the median from order statistics. */
  medianCiLowMs: z.number(),
  medianCiHighMs: z.number(),
  /** Half-width of that CI relative to the median. */
  relCiHalfWidth: z.number(),
  /** Samples outside Tukey's fences (1.5 IQR beyond the quartiles). */
  outliers: z.number().int(),
});
export type SampleStats = z.infer<typeof sampleStatsSchema>;

export const layerNodeSchema = z.object({
  name: z.string(),
  opType: z.string(),
  /** Execution provider or OpenCV backend that ran the node. */
  provider: z.string(),
  medianMs: z.number(),
  inputShapes: z.array(dims),
  outputShapes: z.array(dims),
  /** True when the node ran somewhere other than the requested backend. */
  fallback: z.boolean(),
  flops: z.number().optional(),
  /** Achieved FLOP rate, FLOPs / median time. */
  gflopsPerS: z.number().optional(),
});
export type LayerNode = z.infer<typeof layerNodeSchema>;

export const layerProfileSchema = z.object({
  source: z.enum(['ort-profile', 'opencv-perf-profile', 'mock']),
  /** How node times relate to device work: CPU time, host-side dispatch, or synchronous launches. */
  timing: z.enum(['cpu', 'host-dispatch', 'synchronous']),
  runs: z.number().int(),
  nodes: z.array(layerNodeSchema),
  byOpType: z.array(z.object({ opType: z.string(), totalMs: z.number(), share: z.number(), count: z.number().int() })),
  sumMedianMs: z.number(),
  /** The measure pass's end-to-end median (unprofiled, asynchronous launches), to put beside the sum. */
  endToEndMedianMs: z.number(),
  /** The profiled runs' own end-to-end median (profiling on, synchronous launches on CUDA): what profiling cost. */
  profiledEndToEndMedianMs: z.number().optional(),
  fallbackNodes: z.number().int(),
  totalFlops: z.number().optional(),
  notes: z.array(z.string()),
});
export type LayerProfile = z.infer<typeof layerProfileSchema>;

export const accuracySchema = z.object({
  /** The reference backend/target, `ort:cpu` FP32 unless told otherwise. */
  reference: z.string(),
  /**
   * Set when the figures below say nothing about the configuration (an FP16 run whose FP32
   * reference outputs lie below FP16's normal range): why. The raw figures are kept.
   */
  notMeasurable: z.string().optional(),
  maxAbsError: z.number(),
  relL2Error: z.number(),
  cosine: z.number(),
  perOutput: z.array(z.object({ name: z.string(), maxAbsError: z.number(), relL2Error: z.number(), cosine: z.number(), notMeasurable: z.string().optional() })),
});
export type Accuracy = z.infer<typeof accuracySchema>;

/**
 * The outputs checked against the reference outputs of an ONNX test data set (`output_<i>.pb`):
 * whether this backend/target reproduces them within the stated tolerance.
 */
export const expectedOutputsSchema = z.object({
  /** The test data set folder (the first one, when several were checked). */
  source: z.string(),
  /** match: every output within tolerance; mismatch: some output is not; not-checked: no comparison was possible (see reason). */
  status: z.enum(['match', 'mismatch', 'not-checked']),
  /** An output matches when its relative L2 error is at most this. */
  tolerance: z.object({ relL2Error: z.number() }),
  /** Data sets whose outputs were compared. */
  sets: z.number().int(),
  /** The worst over sets and outputs (max abs, relative L2, cosine), as for the FP32 reference. */
  comparison: accuracySchema.optional(),
  reason: z.string().optional(),
});
export type ExpectedOutputs = z.infer<typeof expectedOutputsSchema>;

/** What really executed, which may differ from what was asked (fallbacks are shown, never hidden). */
export const executionSchema = z.object({
  requested: z.string(),
  actual: z.string(),
  fallback: z.boolean(),
  /** Nodes (ONNX names) that ran on the CPU inside a GPU net (OpenCV's per-layer CUDA fallback). */
  cpuNodes: z.array(z.string()).optional(),
  notes: z.array(z.string()),
});
export type Execution = z.infer<typeof executionSchema>;

export const tf32Schema = z.object({
  /** true: FP32 matmuls/convolutions may run as TF32; false: they do not; null: unknown. */
  enabled: z.boolean().nullable(),
  basis: z.string(),
});
export type Tf32 = z.infer<typeof tf32Schema>;

export const outputCheckSchema = z.object({
  name: z.string(),
  dtype: z.string(),
  shape: dims,
  nonFinite: z.number().int(),
});

/** One GPU's clocks and throttle reasons at one instant (nvidia-smi). */
export const gpuStateSchema = z.object({
  index: z.number().int(),
  smClockMHz: z.number().optional(),
  maxSmClockMHz: z.number().optional(),
  /** Names of the active clock throttle reasons (nvidia-smi clocks_throttle_reasons.active). */
  throttleReasons: z.array(z.string()),
  temperatureC: z.number().optional(),
});
export type GpuState = z.infer<typeof gpuStateSchema>;

/**
 * What else happened on the machine while a configuration's samples were taken
 * (src/env/machine-state.ts). CPU figures are in CPUs busy on average over the window.
 */
export const machineStateSchema = z.object({
  /** The sampling window the figures cover, ms. */
  windowMs: z.number(),
  /** CPUs online. */
  cpus: z.number().int().optional(),
  /** CPU time of the measuring process itself (all its threads). */
  ownCores: z.number(),
  /** CPU time of everything else: other processes, and the kernel working for them. */
  otherCores: z.number().optional(),
  /** Share of the CPU time a hypervisor stole (VMs). */
  stealShare: z.number().optional(),
  load1: z.object({ before: z.number(), after: z.number() }).optional(),
  /** Mean CPU frequency over the CPUs, where readable. */
  cpuMHz: z.object({ before: z.number(), after: z.number() }).optional(),
  governor: z.string().optional(),
  /** The measured GPU's clocks and throttle reasons before and after (GPU backends). */
  gpu: z.object({ before: gpuStateSchema, after: gpuStateSchema }).optional(),
  /** Why a GPU reading is missing (nvidia-smi failed). */
  gpuNote: z.string().optional(),
  /** This process's address-space randomization, from /proc/self/personality (ADDR_NO_RANDOMIZE). */
  addressRandomization: z.enum(['on', 'off']).optional(),
  /** Set when the machine was disturbed: one line naming what (compare and gate then call it environment suspect). */
  disturbance: z.string().optional(),
  /** Why some readings are missing. */
  note: z.string().optional(),
});
export type MachineState = z.infer<typeof machineStateSchema>;
export const percentileEstimateSchema = z.object({
  p: z.number(),
  ms: z.number(),
  ciLowMs: z.number(),
  ciHighMs: z.number(),
  /** False when too few requests to bound the 95% CI on both sides (it is then clamped to the min or max). */
  ciBounded: z.boolean(),
});

/** One measurement window of a closed loop: the requests that completed in [startMs, endMs). */
export const loadWindowSchema = z.object({
  startMs: z.number(),
  endMs: z.number(),
  requests: z.number().int(),
  inferencesPerS: z.number(),
  meanMs: z.number(),
  p50Ms: z.number(),
  p99Ms: z.number(),
});
export type LoadWindow = z.infer<typeof loadWindowSchema>;

/**
 * A throughput point: what N requests in flight give (throughput) and cost (per-request latency).
 * Times in `windows` and `requests` are ms on the load's own clock, from the end of the warm-up.
 */
export const loadPointSchema = z.object({
  concurrency: z.number().int().positive(),
  /** `sequential`: concurrency 1, the sequential protocol's samples. */
  mode: z.enum(['sequential', ...CONCURRENCY_MODES]),
  /** Sessions (or Nets) that served the requests. */
  sessions: z.number().int().positive(),
  /** Requests completed per second. */
  inferencesPerS: z.number(),
  /** Samples per second: inferences x batch. */
  samplesPerS: z.number(),
  /** Per-request latency percentiles (p50, p90, p99, p99.9) with order-statistic 95% CIs. */
  latency: z.array(percentileEstimateSchema),
  /** Every measured window (empty for the sequential protocol, which has none). */
  windows: z.array(loadWindowSchema),
  /** The point is the merge of this many last windows. */
  reportedWindows: z.number().int().nonnegative(),
  stability: z.object({
    /** The rule in words, with its source. */
    rule: z.string(),
    stable: z.boolean(),
  }),
  /** Each request of the reported windows in start order: lane (session or in-flight slot), start and end. */
  requests: z.object({ lane: z.array(z.number().int()), startMs: z.array(z.number()), endMs: z.array(z.number()) }).optional(),
  /** CPU time the measuring processes used during the reported windows. */
  cpu: z
    .object({
      cpuMs: z.number(),
      wallMs: z.number(),
      /** cpuMs / wallMs: cores kept busy on average. */
      busyCores: z.number(),
      method: z.string(),
    })
    .optional(),
  /** GPU utilisation during the reported windows, or why it is unknown. */
  gpu: z.union([z.object({ utilisationPct: z.number(), samples: z.number().int(), method: z.string() }), z.object({ note: z.string() })]).optional(),
  /** Per session: create and first-run times (the first session's are also createMs and firstRunMs). */
  sessionSetup: z.array(z.object({ createMs: z.number(), firstRunMs: z.number() })).optional(),
  notes: z.array(z.string()),
});
export type LoadPoint = z.infer<typeof loadPointSchema>;

const resultBase = {
  schemaVersion: z.string(),
  config: configSpecSchema,
  engineVersion: z.string().optional(),
  startedAt: z.string(),
  wallMs: z.number(),
};

export const okResultSchema = z.object({
  ...resultBase,
  status: z.literal('ok'),
  execution: executionSchema,
  createMs: z.number(),
  firstRunMs: z.number(),
  warmup: z.object({
    iterations: z.number().int(),
    ms: z.number(),
    /** With the stability rule: whether the rate settled before warmupMaxMs. */
    stable: z.boolean().optional(),
    /** GPU backends: the SM clock when sampling began, and whether it had settled. */
    gpuClock: z
      .object({
        smClockMHz: z.number().optional(),
        maxSmClockMHz: z.number().optional(),
        settled: z.boolean(),
        waitedMs: z.number(),
        note: z.string().optional(),
      })
      .optional(),
  }),
  /** Raw per-iteration latencies in the order they were taken (drift checks need the order). */
  samplesMs: z.array(z.number()),
  stats: sampleStatsSchema,
  stop: z.object({
    /** `stable`: a closed loop's stability rule held (concurrency > 1). */
    reason: z.enum(['target-precision', 'max-time', 'max-samples', 'stable', 'max-windows']),
    targetRelCiHalfWidth: z.number(),
    sampledMs: z.number(),
  }),
  /** hyperfine-style noise warning: set when IQR/median exceeds noiseIqrRelThreshold, or sampling stopped at a cap short of the target precision. */
  noise: z.object({
    noisy: z.boolean(),
    reason: z.string().optional(),
    /** The shape of the noise, which decides the fix (src/measure/noise.ts). */
    cause: z.enum(['bimodal', 'drift', 'heavy-tail', 'spread']).optional(),
  }),
  /** The machine during sampling: other processes' CPU time, steal, load, frequency, GPU clocks. */
  machine: machineStateSchema.optional(),
  /** Sessions of the model timed in turn in this process (protocol.sessions; absent: 1). */
  sessions: z.number().int().optional(),
  /** Samples per second: batch x 1000 / median at concurrency 1, the closed loop's measured rate above. */
  throughputPerS: z.number(),
  /** The throughput point, for configurations of a concurrency sweep. */
  load: loadPointSchema.optional(),
  layers: layerProfileSchema.optional(),
  layersError: z.string().optional(),
  accuracy: accuracySchema.optional(),
  /** Set when the inputs came from a test data set with reference outputs. */
  expectedOutputs: expectedOutputsSchema.optional(),
  outputs: z.array(outputCheckSchema),
  /**
   * GPU runtime libraries the process that ran the model actually loaded (CUDA, cuDNN,
   * TensorRT versions; the Python worker for OpenCV), from its /proc/<pid>/maps.
   */
  loadedLibraries: z.record(z.string(), z.unknown()).optional(),
  /** Whether FP32 math could run as TF32 (CUDA configurations only), and on what grounds. */
  tf32: tf32Schema.optional(),
  /** Library-lookup and GPU-math variables as the process that ran the model saw them (engines/engine-env.ts). */
  processEnv: z.record(z.string(), z.string()).optional(),
  memory: z.object({
    peakRssBytes: z.number(),
    /** Why deviceBytes is absent on a GPU backend. */
    deviceNote: z.string().optional(),
    /** Peak device memory of the process that ran the model, over the readings taken (see deviceMethod). */
    deviceBytes: z.number().optional(),
    deviceMethod: z.string().optional(),
    /** The pid whose device memory and memory map were read (the Python worker for OpenCV). */
    devicePid: z.number().int().optional(),
  }),
});
export type OkResult = z.infer<typeof okResultSchema>;

export const unavailableResultSchema = z.object({
  ...resultBase,
  status: z.literal('unavailable'),
  reason: z.string(),
});
export type UnavailableResult = z.infer<typeof unavailableResultSchema>;

/**
 * Where a configuration failed: a step of the protocol in its measuring child
 * (src/measure/measure-config.ts; `measure` for an error between steps), or what the
 * supervisor saw of the child (src/run/supervisor.ts: timeout, crash, interrupted).
 */
export const MEASURE_PHASES = ['engine', 'create', 'inputs', 'first-run', 'warm-up', 'sampling', 'measure'] as const;
export const SUPERVISOR_PHASES = ['timeout', 'crash', 'interrupted'] as const;
export const failurePhaseSchema = z.enum([...MEASURE_PHASES, ...SUPERVISOR_PHASES]);
export type MeasurePhase = (typeof MEASURE_PHASES)[number];
export type SupervisorPhase = (typeof SUPERVISOR_PHASES)[number];

export const failedResultSchema = z.object({
  ...resultBase,
  status: z.literal('failed'),
  phase: failurePhaseSchema,
  reason: z.string(),
});
export type FailedResult = z.infer<typeof failedResultSchema>;

export const configResultSchema = z.discriminatedUnion('status', [okResultSchema, unavailableResultSchema, failedResultSchema]);
export type ConfigResult = z.infer<typeof configResultSchema>;

export const gpuInfoSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  driver: z.string().optional(),
  memoryTotalBytes: z.number().optional(),
  uuid: z.string().optional(),
  smClockMHz: z.number().optional(),
  memClockMHz: z.number().optional(),
});

export const environmentSchema = z.object({
  /** Stable key from the hardware; decides which baseline applies. */
  machineKey: z.string(),
  hostname: z.string(),
  cpu: z.object({ model: z.string(), cores: z.number().int(), governor: z.string().optional() }),
  memoryBytes: z.number(),
  os: z.object({ platform: z.string(), release: z.string(), arch: z.string() }),
  node: z.string(),
  toolVersion: z.string(),
  gitSha: z.string().optional(),
  /** Engine name -> version and build information (OpenCV's getBuildInformation, ORT providers). */
  engines: z.record(z.string(), z.object({ version: z.string(), build: z.record(z.string(), z.unknown()).optional() })),
  gpus: z.array(gpuInfoSchema),
  /** Anything else an engine or the GPU probe adds (CUDA and cuDNN versions, clocks at start/end). */
  extra: z.record(z.string(), z.unknown()),
});
export type Environment = z.infer<typeof environmentSchema>;

/** Run files written before the noise threshold's rename name it `noiseCvThreshold`: read them under the new name. */
function renameLegacyNoiseThreshold(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || !('noiseCvThreshold' in raw) || 'noiseIqrRelThreshold' in raw) return raw;
  const { noiseCvThreshold, ...rest } = raw as Record<string, unknown>;
  return { ...rest, noiseIqrRelThreshold: noiseCvThreshold };
}

export const protocolOptionsSchema = z.preprocess(
  renameLegacyNoiseThreshold,
  z.object({
    warmupIterations: z.number().int(),
    warmupMs: z.number(),
    minSamples: z.number().int(),
    maxSamples: z.number().int(),
    minTimeMs: z.number(),
    maxTimeMs: z.number(),
    targetRelCiHalfWidth: z.number(),
    /** A result is flagged noisy when IQR/median exceeds this (src/measure/noise.ts). */
    noiseIqrRelThreshold: z.number(),
    inputSets: z.number().int(),
    profileRuns: z.number().int(),
    configTimeoutMs: z.number(),
    seed: z.number().int(),
    /** Warm-up goes on until two windows' medians agree within this share (absent or 0: fixed warm-up; protocol 1). */
    warmupStableTolerance: z.number().optional(),
    /** The stability rule and the GPU clock wait give up after this much warm-up, ms. */
    warmupMaxMs: z.number().optional(),
    /** GPU backends warm up until the SM clock settles (absent: no; protocol 1). */
    gpuClockSettle: z.boolean().optional(),
    /** Sessions of the model per process, timed in turn so their memory layouts average inside it (absent: 1). */
    sessions: z.number().int().positive().optional(),
    /** Intra-op threads where a configuration sets no `threads` option (absent: the engine's own default). */
    intraOpThreads: z.number().int().positive().optional(),
    /** 'off': measuring children start with address-space randomization off (setarch -R), so every process gets one layout (absent: on). */
    addressRandomization: z.enum(['on', 'off']).optional(),
  }),
);
export type ProtocolOptions = z.infer<typeof protocolOptionsSchema>;

/** How a closed loop (concurrency > 1) is measured: windows after the warm-up until stable or a cap. */
export const loadProtocolSchema = z.object({
  /** Window length, ms. */
  windowMs: z.number().positive(),
  /** ... and at least this many requests per window. */
  minWindowRequests: z.number().int().positive(),
  /** Stable when max/min of the last `stableWindows` windows is within this percent, for throughput and mean latency. */
  stabilityPct: z.number().positive(),
  stableWindows: z.number().int().positive(),
  /** Give up on stability after this many windows. */
  maxWindows: z.number().int().positive(),
});
export type LoadProtocol = z.infer<typeof loadProtocolSchema>;

/** One configuration a latency-budget search measured or passed over, and what it found. */
export const budgetStepSchema = z.object({
  key: z.string(),
  model: z.string(),
  spec: z.string(),
  batch: z.number().int(),
  concurrency: z.number().int(),
  mode: concurrencyModeSchema.optional(),
  status: z.enum(['measured', 'skipped', 'failed', 'unavailable']),
  samplesPerS: z.number().optional(),
  p99Ms: z.number().optional(),
  withinBudget: z.boolean().optional(),
  /** Why the search stopped after this step, or why it was skipped or failed. */
  reason: z.string().optional(),
});

/** The best configuration within the budget for one model on one backend/target, or why there is none. */
export const budgetBestSchema = z.object({
  model: z.string(),
  spec: z.string(),
  found: z.boolean(),
  key: z.string().optional(),
  batch: z.number().int().optional(),
  concurrency: z.number().int().optional(),
  mode: z.enum(['sequential', ...CONCURRENCY_MODES]).optional(),
  samplesPerS: z.number().optional(),
  inferencesPerS: z.number().optional(),
  p99Ms: z.number().optional(),
  reason: z.string().optional(),
});

/** What `--latency-budget` found (perf_analyzer's --latency-threshold, with the best configuration named). */
export const latencyBudgetSchema = z.object({
  budgetMs: z.number(),
  /** The search rule in words. */
  rule: z.string(),
  best: z.array(budgetBestSchema),
  steps: z.array(budgetStepSchema),
});
export type LatencyBudgetOutcome = z.infer<typeof latencyBudgetSchema>;

export const runManifestSchema = z.object({
  schemaVersion: z.string(),
  runId: z.string(),
  suite: z.string(),
  createdAt: z.string(),
  environment: environmentSchema,
  protocol: protocolOptionsSchema,
  /** Version of the measurement protocol (src/results/protocol-version.ts); absent in runs made before it was recorded: 1. */
  protocolVersion: z.number().int().optional(),
  /** Closed-loop windows and stability rule, for runs with a concurrency axis. */
  loadProtocol: loadProtocolSchema.optional(),
  /** The planned matrix; results.jsonl holds what finished. */
  configurations: z.array(configSpecSchema),
  shard: z.object({ index: z.number().int(), count: z.number().int() }).optional(),
  /** What a latency-budget search found (absent without --latency-budget). */
  latencyBudget: latencyBudgetSchema.optional(),
  /** Shard run ids that a merged run was made from. */
  mergedFrom: z.array(z.string()).optional(),
});
export type RunManifest = z.infer<typeof runManifestSchema>;
