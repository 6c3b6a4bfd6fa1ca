/** One net loaded in the worker: the EngineSession the measure code drives. */
import type { Execution } from '../../results/schema.js';
import type { TensorMap, TensorMeta } from '../../tensors.js';
import type { EngineSession } from '../engine.js';
import { detectFallback } from './fallback.js';
import { onnxNodeName } from './layer-profile.js';
import type { RunReport } from './protocol.js';
import { type OpenCvPair, pairSpec } from './targets.js';
import { inputPayload, tensorFromBytes } from './tensors.js';
import type { WorkerClient } from './worker-client.js';

export interface SessionInit {
  worker: WorkerClient;
  id: number;
  createMs: number;
  inputs: TensorMeta[];
  outputs: TensorMeta[];
  requested: OpenCvPair;
  /** The engine name in the backend spec: `opencv`, or an alias such as `cv410`. */
  engineAlias: string;
  /** What OpenCV printed while loading (OpenCV 5 warns there when it drops a backend). */
  openLog: string;
  /** The names the worker forwards to: the ONNX outputs, or OpenCV's unconnected layers. */
  fetch: string[];
  /** Notes known at open (OpenCV 5 graph engine choice). */
  notes: string[];
}

/** Names OpenCV's outputs after the ONNX ones, saying so when it had to go by position. */
export function outputNaming(fetch: readonly string[], onnx: readonly string[]): { names: string[]; note?: string } {
  if (fetch.length === onnx.length && fetch.every((n, i) => n === onnx[i])) return { names: [...onnx] };
  if (fetch.length === onnx.length) {
    return { names: [...onnx], note: `OpenCV's outputs (${fetch.join(', ')}) matched to the ONNX outputs (${onnx.join(', ')}) by position` };
  }
  return { names: [...fetch], note: `OpenCV gives ${fetch.length} output(s) (${fetch.join(', ')}) for the model's ${onnx.length}` };
}

export class OpenCvSession implements EngineSession {
  readonly createMs: number;
  readonly inputs: TensorMeta[];
  readonly outputs: TensorMeta[];
  private readonly outputNames: string[];
  private firstRun: RunReport | undefined;
  private readonly notes: string[];

  /** The worker's id for this net. */
  get id(): number {
    return this.init.id;
  }

  constructor(private readonly init: SessionInit) {
    this.createMs = init.createMs;
    this.inputs = init.inputs;
    this.outputs = init.outputs;
    const naming = outputNaming(
      init.fetch,
      init.outputs.map((o) => o.name),
    );
    this.outputNames = naming.names;
    this.notes = [...init.notes, ...(naming.note ? [naming.note] : [])];
  }

  execution(): Execution {
    const { requested, openLog, engineAlias } = this.init;
    const report = { log: openLog + (this.firstRun?.log ?? ''), layerTargets: this.firstRun?.layerTargets ?? null };
    const d = detectFallback(requested, report);
    return {
      requested: pairSpec(requested, engineAlias),
      actual: pairSpec(d.actual, engineAlias),
      fallback: d.fallback,
      ...(d.cpuLayers.length > 0 ? { cpuNodes: d.cpuLayers.map(onnxNodeName) } : {}),
      notes: [...this.notes, ...d.notes, ...(this.firstRun ? [] : ['not run yet: OpenCV sets the net up, and may fall back, at the first forward'])],
    };
  }

  async setInputs(sets: TensorMap[]): Promise<void> {
    const { headers, blobs } = inputPayload(this.inputs, sets);
    await this.init.worker.request('set_inputs', { session: this.init.id, sets: headers }, blobs);
  }

  async runOnce(index: number): Promise<{ ms: number; outputs: TensorMap }> {
    const { reply: h, blobs } = await this.init.worker.request('run_once', { session: this.init.id, index });
    this.noteFirstRun(h.report);
    const outputs: TensorMap = {};
    h.outputs.forEach((o, i) => {
      const name = this.outputNames[i] ?? o.name;
      outputs[name] = tensorFromBytes(name, o.dtype, o.dims, blobs[i]!);
    });
    return { ms: h.ms, outputs };
  }

  async time(iterations: number): Promise<number[]> {
    const { reply: h } = await this.init.worker.request('time', { session: this.init.id, iterations });
    this.noteFirstRun(h.report);
    return h.samplesMs;
  }

  /**
   * A plain `setInput(); forward()` loop as users write it, timed inside the worker for `ms`
   * milliseconds on this session's net and inputs (after its first run): the reference the
   * harness is checked against (bench/interleaved-agreement.ts).
   */
  async plainLoop(ms: number): Promise<number[]> {
    const { reply } = await this.init.worker.request('plain_loop', { session: this.init.id, ms });
    return reply.samplesMs;
  }

  async close(): Promise<void> {
    await this.init.worker.request('close', { session: this.init.id });
  }

  private noteFirstRun(report: RunReport | null): void {
    if (report && !this.firstRun) this.firstRun = report;
  }
}
