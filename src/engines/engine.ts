/**
 * The one small interface every inference engine implements (onnxruntime in process,
 * OpenCV DNN through a Python worker, the seeded mock). The measurement protocol in
 * src/measure drives it; engines never decide when to stop sampling.
 */
import type { ConcurrencyMode, Execution, LayerProfile, Tf32 } from '../results/schema.js';
import type { TensorMap, TensorMeta } from '../tensors.js';

/**
 * A per-layer profile as an engine measures it. The end-to-end median beside it comes from
 * the measure pass (run-one adds it), not from the profiled runs, which profiling slows.
 */
export type EngineLayerProfile = Omit<LayerProfile, 'endToEndMedianMs'>;

/** A parsed `engine:backend[/target]` spec. */
export interface BackendTarget {
  engine: string;
  backend: string;
  target?: string;
  /** The canonical string, e.g. `ort:cuda/fp16`. */
  spec: string;
}

/** Whether a backend/target can run here, and why not when it cannot. */
export interface BackendAvailability {
  spec: string;
  available: boolean;
  reason?: string;
  /** What a user should know about this pair here (options the engine cannot pass, ...), for `dnnperf list`. */
  notes?: string[];
}

export interface EngineInfo {
  name: string;
  version: string;
  /** Build information worth keeping in the environment record. */
  build?: Record<string, unknown>;
  /**
   * The library-lookup and GPU-math variables (engine-env.ts RECORDED_ENV, plus the engine's
   * env.* options) as the process that runs the models sees them: this process for in-process
   * engines, the worker for OpenCV.
   */
  processEnv?: Record<string, string>;
}

export interface OpenOptions {
  /** Engine-specific options from the suite or CLI (threads, device id, ...). */
  options: Record<string, string | number | boolean>;
  /** The trial this process measures (default 0): the mock seeds its per-process draws with it. */
  trial?: number;
}

/** One loaded model on one backend/target, inputs already staged. */
export interface EngineSession {
  /** Time to create the session (load + optimize), measured by the engine, ms. */
  readonly createMs: number;
  readonly inputs: TensorMeta[];
  readonly outputs: TensorMeta[];
  /** What actually executes, filled in as soon as the engine can tell (fallbacks included). */
  execution(): Execution;
  /** Stage the input sets once; timing rotates through them without copying again. */
  setInputs(sets: TensorMap[]): Promise<void>;
  /** One run on input set `index`: its wall time in ms and the outputs (for checks and accuracy). */
  runOnce(index: number): Promise<{ ms: number; outputs: TensorMap }>;
  /**
   * Run `iterations` times back to back, rotating input sets, and return each run's latency
   * in ms in run order, timed as close to the engine as possible (inside the worker for
   * out-of-process engines, so there is no IPC per iteration).
   */
  time(iterations: number): Promise<number[]>;
  /**
   * One run on input set `index`, outputs dropped: what a closed loop's lanes call. Optional:
   * engines whose runs leave the process (workers) drive their lanes themselves.
   */
  request?(index: number): Promise<void>;
  close(): Promise<void>;
  /** Engines with synthetic timing only (the mock): a disturbance planted by a test, recorded as the machine's. */
  plantedDisturbance?(): string | undefined;
}

/** One request of a closed loop: its lane (session, or in-flight slot of a shared session), start and end on the load's clock, ms. */
export interface LoadRecord {
  lane: number;
  startMs: number;
  endMs: number;
}

export interface LoadPoll {
  /** Requests completed since the previous poll, in completion order. */
  records: LoadRecord[];
  /** The load's clock now, ms; every request that ended more than one poll ago has been returned. */
  nowMs: number;
}

/** What a closed loop asks for: N requests in flight, in a mode, on staged input sets. */
export interface LoadRequest {
  concurrency: number;
  mode: ConcurrencyMode;
  inputSets: TensorMap[];
}

/**
 * N requests kept in flight (a closed loop: each lane issues its next request when its last
 * one returns), opened and first-run before `start`. The measure code decides when to stop.
 */
export interface LoadGenerator {
  /** Per session: create and first-run times; the first-run outputs of session 0. */
  readonly sessions: Array<{ createMs: number; firstRunMs: number }>;
  readonly firstOutputs: TensorMap;
  /** How this clock and these lanes work, for the result's notes (threads, serialisation). */
  readonly notes: string[];
  execution(): Execution;
  /** Lanes start; returns the load clock's time at the start, ms. */
  start(): Promise<number>;
  /** Waits about one poll interval (on the load's clock) and returns what completed. */
  poll(): Promise<LoadPoll>;
  /** Lanes stop after their current request; resolves when all have. */
  stop(): Promise<void>;
  /** CPU time, ms, used since `start` by processes outside this one that run the lanes (a worker), if any. */
  externalCpuMs?(): Promise<number | undefined>;
  close(): Promise<void>;
}

export interface Engine {
  readonly name: string;
  /**
   * True when `time()` costs a round trip (a worker): the sampler then asks for batches of
   * iterations per call; in-process engines are asked for one at a time.
   */
  readonly batched: boolean;
  /**
   * True when the latencies are made up rather than measured (the seeded mock): the machine
   * state is still recorded, but nothing on the machine can disturb such timings.
   */
  readonly syntheticTiming?: boolean;
  /** True when this backend/target runs an FP16 model converted from the FP32 one (e.g. `ort:cuda/fp16`). */
  needsFp16Model?(backend: BackendTarget): boolean;
  info(): Promise<EngineInfo>;
  /** Every backend/target this engine knows, each probed here. */
  probe(): Promise<BackendAvailability[]>;
  open(modelPath: string, backend: BackendTarget, options: OpenOptions): Promise<EngineSession>;
  /**
   * Throws a DnnperfError (E_BAD_ARGUMENT) for a configuration option this engine cannot honour
   * on this backend, so a run refuses before measuring rather than ignoring it.
   */
  checkOptions?(backend: BackendTarget, options: OpenOptions['options']): void;
  /**
   * Whether FP32 math may run as TF32 on this backend, given the model process's recorded
   * environment (info().processEnv); undefined for backends without CUDA.
   */
  tf32?(backend: BackendTarget, processEnv: Record<string, string>): Promise<Tf32 | undefined>;
  /**
   * The per-layer pass, in a session of its own so profiling never touches end-to-end numbers.
   * Returns undefined when the engine has no per-layer timing for this backend.
   */
  profileLayers?(modelPath: string, backend: BackendTarget, options: OpenOptions, inputs: TensorMap[], runs: number): Promise<EngineLayerProfile | undefined>;
  /**
   * The process that holds this engine's GPU context, maps its CUDA libraries and owns its
   * device memory, once a session is open: the worker's pid for out-of-process engines.
   * Absent or undefined: this process.
   */
  devicePid?(): number | undefined;
  /**
   * Why `mode` cannot keep several requests in flight on this backend, or undefined when it
   * can. Engines without `openLoad` run concurrency 1 only.
   */
  loadUnsupported?(backend: BackendTarget, mode: ConcurrencyMode): string | undefined;
  /** Opens the sessions of a closed loop (sessions that cannot be created fail the configuration). */
  openLoad?(modelPath: string, backend: BackendTarget, options: OpenOptions, load: LoadRequest): Promise<LoadGenerator>;
  /** Release worker processes and native resources. */
  dispose?(): Promise<void>;
}

export type EngineFactory = (options: Record<string, string | number | boolean>) => Engine;

export type EngineOptions = Record<string, string | number | boolean>;

/** An engine instance: its kind and the options that pick the installation. */
export interface EngineInstance {
  alias: string;
  kind: string;
  options: EngineOptions;
}
