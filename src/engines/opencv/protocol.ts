/**
 * The worker protocol's messages, command by command: what Node sends (typed) and what
 * worker.py answers (validated with zod, so a worker and an engine that disagree fail with
 * one line naming the command and the field, not with undefined further on).
 */
import { z } from 'zod';
import type { TensorHeader } from './tensors.js';

/** What the worker reports after loading and after a session's first forward. */
const runReport = z.object({
  /** OpenCV's stderr while loading and during the first forward. */
  log: z.string(),
  /** The distinct DNN_TARGET_* names the layers were set up for; null when OpenCV does not say. */
  layerTargets: z.array(z.string()).nullable(),
});

const shapes = z.array(z.array(z.number()));

/** What a closed loop's poll and stop report: requests as [lane, startMs, endMs] since the last poll, on the worker's clock. */
const loadReport = z.object({
  nowMs: z.number(),
  records: z.array(z.tuple([z.number(), z.number(), z.number()])),
  /** The worker's process CPU time since load_start (Python time.process_time), ms. */
  cpuMs: z.number(),
  /** A lane's forward that failed: the loop stops and the configuration fails with it. */
  errors: z.array(z.string()),
});

/** Replies by command; the envelope (id, ok, blobs) is the worker client's. */
export const WORKER_REPLIES = {
  hello: z.object({
    version: z.string(),
    buildInformation: z.string(),
    /** Backend name -> the targets getAvailableTargets lists; absent when this cv2 lacks the backend constant. */
    targets: z.record(z.string(), z.array(z.string())),
    python: z.string(),
    executable: z.string(),
    numpy: z.string(),
    cv2File: z.string().nullable(),
    /** True on OpenCV 5, which has two graph engines. */
    dnnEngines: z.boolean(),
    /** The variables named in the request as the worker saw them (its own PYTHONPATH, LD_LIBRARY_PATH...). */
    env: z.record(z.string(), z.string()),
  }),
  open: z.object({ createMs: z.number(), dnnEngine: z.string().nullable(), fetch: z.array(z.string()), log: z.string() }),
  set_inputs: z.object({}),
  run_once: z.object({
    ms: z.number(),
    /** One per blob, in order: numpy's dtype name and the shape. */
    outputs: z.array(z.object({ name: z.string(), dtype: z.string(), dims: z.array(z.number()) })),
    /** Present on the session's first forward. */
    report: runReport.nullable(),
  }),
  time: z.object({ samplesMs: z.array(z.number()), report: runReport.nullable() }),
  profile: z.object({
    layers: z.array(z.object({ name: z.string(), type: z.string(), ms: z.array(z.number()), inputShapes: shapes, outputShapes: shapes })),
    /** Wall time of each profiled forward (setInput + forward), ms. */
    wallMs: z.array(z.number()),
    /** CUDA_LAUNCH_BLOCKING=1 in the worker: every CUDA launch waited for its kernels. */
    cudaLaunchBlocking: z.boolean(),
    dnnEngine: z.string().nullable(),
    report: runReport,
  }),
  /** A plain setInput + forward loop's per-run times (the agreement check's reference). */
  plain_loop: z.object({ samplesMs: z.array(z.number()) }),
  close: z.object({}),
  /** A closed loop's start (its clock's zero), each poll's completed requests, and its stop. */
  load_start: z.object({ nowMs: z.number() }),
  load_poll: loadReport,
  load_stop: loadReport,
} as const;

/** How to load a net: model, pair, the ONNX output names, OpenCV options. */
interface NetRequest {
  model: string;
  backend: string;
  target: string;
  outputs: string[];
  threads?: number;
  dnnEngine?: string;
}

/** Requests by command (blobs travel beside them). */
export interface WorkerRequests {
  /** `envNames`: the variables whose values the worker reports back (engine-env.ts). */
  hello: { envNames?: string[] };
  open: NetRequest & { session: number };
  set_inputs: { session: number; sets: TensorHeader[][] };
  run_once: { session: number; index: number };
  time: { session: number; iterations: number };
  profile: NetRequest & { runs: number; sets: TensorHeader[][] };
  plain_loop: { session: number; ms: number };
  close: { session: number };
  /** One thread per session, each running forward back to back. */
  load_start: { sessions: number[] };
  load_poll: Record<string, never>;
  load_stop: Record<string, never>;
}

export type WorkerCommand = keyof WorkerRequests;
export type WorkerReply<C extends WorkerCommand> = z.infer<(typeof WORKER_REPLIES)[C]>;
export type RunReport = z.infer<typeof runReport>;
