/**
 * The `opencv` engine: OpenCV DNN driven through a Python cv2 worker (worker.py), one worker
 * per engine instance, so two installations (two pythons) are two engines side by side.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DnnperfError } from '../../errors.js';
import { loadModel, type ValueMeta } from '../../models/onnx/decode.js';
import type { ConcurrencyMode, Tf32 } from '../../results/schema.js';
import type { TensorMap, TensorMeta } from '../../tensors.js';
import type { BackendAvailability, BackendTarget, Engine, EngineFactory, EngineInfo, EngineLayerProfile, LoadRequest, OpenOptions } from '../engine.js';
import { engineEnv, isEnvOption, recordedNames } from '../engine-env.js';
import { type OptionSpecs, oneOfOption, positiveIntOption } from '../engine-options.js';
import { TF32_VALUES, tf32Override } from '../tf32.js';
import { availability, noneAvailable } from './availability.js';
import { type OpenCvBuild, parseBuildInformation } from './build-info.js';
import { detectFallback } from './fallback.js';
import { explainImportFailure } from './import-failure.js';
import { toLayerProfile } from './layer-profile.js';
import { OPENCV_SHARED_UNSUPPORTED, OpenCvLoad } from './opencv-load.js';
import type { WorkerReply } from './protocol.js';
import { resolvePython } from './python.js';
import { OpenCvSession } from './session.js';
import { type OpenCvPair, pairSpec, resolvePair } from './targets.js';
import { inputPayload } from './tensors.js';
import { WorkerClient } from './worker-client.js';

export interface OpenCvEngineOptions {
  /** Python executable with cv2. Default: $DNNPERF_PYTHON, else the first of python3, /usr/bin/python3, python that imports cv2. */
  python?: string;
  /** Variables set for the worker only, over this process's environment (e.g. PYTHONPATH to another cv2). Default: none. */
  env?: Record<string, string>;
}

type WorkerHello = WorkerReply<'hello'>;

function tensorMeta(v: ValueMeta, model: string): TensorMeta {
  if (!v.dtype) {
    throw new DnnperfError('E_MODEL_INVALID', `${model}: '${v.name}' is ${v.elemTypeName}, a type dnnperf cannot feed or compare`);
  }
  return { name: v.name, dtype: v.dtype, dims: v.dims };
}

/**
 * The per-configuration options OpenCV takes: `threads` (cv2.setNumThreads; default OpenCV's
 * own choice) and `dnnEngine` (OpenCV 5: auto, classic or new; default auto on opencv/cpu,
 * classic elsewhere, since the new engine ignores backends and targets).
 */
export const OPENCV_CONFIG_OPTIONS: OptionSpecs = {
  threads: positiveIntOption,
  dnnEngine: oneOfOption(['auto', 'classic', 'new']),
  tf32: oneOfOption(TF32_VALUES),
};

function openPayload(options: OpenOptions): { threads?: number; dnnEngine?: string } {
  const { threads, dnnEngine } = options.options;
  return {
    ...(threads !== undefined ? { threads: Number(threads) } : {}),
    ...(dnnEngine !== undefined ? { dnnEngine: String(dnnEngine) } : {}),
  };
}

/** Which graph engine ran (OpenCV 5 only), and what that means for the per-layer list. */
function engineNotes(dnnEngine: string | null, profile: boolean): string[] {
  if (!dnnEngine) return [];
  const notes = [`OpenCV graph engine: ${dnnEngine}`];
  if (profile && dnnEngine === 'new') {
    notes.push("OpenCV 5's new graph engine lists the layers it runs: fused ONNX nodes are absent, TransformLayout layers are its own");
  }
  return notes;
}

/** An importer rejection becomes one line naming the op and the fix; anything else passes unchanged. */
function explained(e: unknown): never {
  const why = e instanceof Error ? explainImportFailure(e.message) : undefined;
  throw why ? new DnnperfError('E_ENGINE', why) : e;
}

class OpenCvEngine implements Engine {
  readonly name = 'opencv';
  readonly batched = true;
  private worker: Promise<WorkerClient> | undefined;
  /** The started worker, for its pid (devicePid is synchronous). */
  private started: WorkerClient | undefined;
  private hello: Promise<{ hello: WorkerHello; build: OpenCvBuild }> | undefined;
  private nextSession = 1;

  constructor(private readonly options: OpenCvEngineOptions) {}

  async info(): Promise<EngineInfo> {
    const { hello, build } = await this.describe();
    return {
      name: this.name,
      version: hello.version,
      build: {
        ...build,
        python: hello.executable,
        pythonVersion: hello.python,
        numpy: hello.numpy,
        cv2File: hello.cv2File,
        graphEngines: hello.dnnEngines ? 'classic, new (OpenCV 5)' : 'classic',
        ...(this.options.env && Object.keys(this.options.env).length > 0 ? { env: this.options.env } : {}),
      },
      processEnv: hello.env,
    };
  }

  devicePid(): number | undefined {
    return this.started?.pid;
  }

  async tf32(backend: BackendTarget, processEnv: Record<string, string>): Promise<Tf32 | undefined> {
    if (backend.backend !== 'cuda') return undefined;
    const override = tf32Override(processEnv);
    if (override) return override;
    if (backend.target === 'cuda_fp16') {
      return { enabled: false, basis: 'FP16 target: OpenCV runs the net in FP16 (tensor-op math); TF32 concerns FP32 math only' };
    }
    const { hello } = await this.describe();
    const [major = 0, minor = 0] = hello.version.split('.').map(Number);
    if (major > 4 || (major === 4 && minor >= 5)) {
      return {
        enabled: false,
        basis: `OpenCV ${hello.version}'s CUDA backend asks cuDNN for CUDNN_FMA_MATH on FP32 convolutions (since 4.5, for cuDNN 8+) and leaves cuBLAS at its default math, which keeps FP32 precision`,
      };
    }
    return {
      enabled: null,
      basis: `OpenCV ${hello.version} predates 4.5, which pinned FP32 convolutions to CUDNN_FMA_MATH: with cuDNN 8+ they may run as TF32`,
    };
  }

  async probe(): Promise<BackendAvailability[]> {
    try {
      const { hello, build } = await this.describe();
      return availability(hello, build);
    } catch (e) {
      if (e instanceof DnnperfError) return noneAvailable(e.message);
      throw e;
    }
  }

  async open(modelPath: string, backend: BackendTarget, options: OpenOptions): Promise<OpenCvSession> {
    const pair = await this.availablePair(backend);
    const { inputs, outputs } = this.modelIo(modelPath);
    const worker = await this.client();
    const id = this.nextSession++;
    const { reply: h } = await worker
      .request('open', { session: id, model: resolve(modelPath), ...pair, outputs: outputs.map((o) => o.name), ...openPayload(options) })
      .catch(explained);
    return new OpenCvSession({
      worker,
      id,
      createMs: h.createMs,
      inputs,
      outputs,
      requested: pair,
      engineAlias: backend.engine,
      openLog: h.log,
      fetch: h.fetch,
      notes: engineNotes(h.dnnEngine, false),
    });
  }

  loadUnsupported(_backend: BackendTarget, mode: ConcurrencyMode): string | undefined {
    return mode === 'shared' ? OPENCV_SHARED_UNSUPPORTED : undefined;
  }

  async openLoad(modelPath: string, backend: BackendTarget, options: OpenOptions, load: LoadRequest): Promise<OpenCvLoad> {
    const unsupported = this.loadUnsupported(backend, load.mode);
    if (unsupported) throw new DnnperfError('E_BACKEND', unsupported);
    return OpenCvLoad.open(await this.client(), load.concurrency, () => this.open(modelPath, backend, options), load.inputSets);
  }

  async profileLayers(
    modelPath: string,
    backend: BackendTarget,
    options: OpenOptions,
    inputs: TensorMap[],
    runs: number,
  ): Promise<EngineLayerProfile | undefined> {
    const pair = await this.availablePair(backend);
    const io = this.modelIo(modelPath);
    const { headers, blobs } = inputPayload(io.inputs, inputs);
    const worker = await this.client();
    const { reply: h } = await worker
      .request('profile', { model: resolve(modelPath), ...pair, outputs: io.outputs.map((o) => o.name), runs, sets: headers, ...openPayload(options) }, blobs)
      .catch(explained);
    const d = detectFallback(pair, h.report);
    const notes = [...engineNotes(h.dnnEngine, true), ...d.notes];
    return toLayerProfile(h, d.actual, d.cpuLayers, notes);
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.started = undefined;
    this.hello = undefined;
    if (worker)
      await worker.then(
        (w) => w.close(),
        () => undefined,
      );
  }

  /** The worker, started on first use, and started again after one died. */
  private client(): Promise<WorkerClient> {
    if (!this.worker) {
      const env = { ...process.env, ...this.options.env };
      const pending = resolvePython(this.options.python, env).then((python) => WorkerClient.start(python, env));
      this.worker = pending;
      // A failed start is not cached: the next call tries again (and says why again).
      const forget = (): void => {
        if (this.worker === pending) this.worker = undefined;
      };
      pending.then((w) => {
        this.started = w;
        w.onDeath(() => {
          forget();
          if (this.started === w) this.started = undefined;
        });
      }, forget);
    }
    return this.worker;
  }

  private describe(): Promise<{ hello: WorkerHello; build: OpenCvBuild }> {
    this.hello ??= this.client()
      .then((w) => w.request('hello', { envNames: recordedNames(this.options.env ?? {}) }))
      .then(({ reply: hello }) => ({ hello, build: parseBuildInformation(hello.buildInformation) }));
    this.hello.catch(() => (this.hello = undefined));
    return this.hello;
  }

  /** The requested pair when this OpenCV can run it; an unavailable one is never measured. */
  private async availablePair(backend: BackendTarget): Promise<OpenCvPair> {
    const pair = resolvePair(backend);
    const found = (await this.probe()).find((a) => a.spec === pairSpec(pair));
    if (!found?.available) throw new DnnperfError('E_BACKEND', `${backend.spec} is unavailable: ${found?.reason ?? 'not probed'}`);
    return pair;
  }

  private modelIo(modelPath: string): { inputs: TensorMeta[]; outputs: TensorMeta[] } {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(modelPath);
    } catch {
      throw new DnnperfError('E_MODEL_MISSING', `model file ${modelPath} cannot be read: check the path`);
    }
    const m = loadModel(bytes, modelPath);
    return { inputs: m.inputs.map((v) => tensorMeta(v, modelPath)), outputs: m.outputs.map((v) => tensorMeta(v, modelPath)) };
  }
}

export function createOpenCvEngine(options: OpenCvEngineOptions = {}): Engine {
  return new OpenCvEngine(options);
}

/** The registry's factory: engine options come as `key=value` strings: `python` and `env.NAME`. */
export const openCvEngineFactory: EngineFactory = (options) => {
  const unknown = Object.keys(options).filter((k) => k !== 'python' && !isEnvOption(k));
  if (unknown.length > 0) {
    throw new DnnperfError('E_BACKEND', `engine opencv takes python=<exe with cv2> and env.NAME=<value>, not ${unknown.join(', ')}`);
  }
  const env = engineEnv(options, 'engine opencv');
  return createOpenCvEngine({
    ...(options.python === undefined ? {} : { python: String(options.python) }),
    ...(Object.keys(env).length > 0 ? { env } : {}),
  });
};
