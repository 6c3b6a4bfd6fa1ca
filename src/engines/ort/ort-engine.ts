/** The onnxruntime engine: runs in process, one session per configuration. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { median } from 'simple-statistics';
import { DnnperfError } from '../../errors.js';
import type { Tf32 } from '../../results/schema.js';
import type { TensorMap, TensorMeta } from '../../tensors.js';
import type { BackendAvailability, BackendTarget, Engine, EngineLayerProfile, EngineSession, OpenOptions } from '../engine.js';
import { engineEnv, isEnvOption, pickRecorded, recordedNames } from '../engine-env.js';
import { deviceIdOption, type OptionSpecs, oneOfOption, positiveIntOption } from '../engine-options.js';
import { SharedLanes } from '../lanes/shared-lanes.js';
import { ThreadLanes } from '../lanes/thread-lanes.js';
import { TF32_VALUES, tf32Override } from '../tf32.js';
import { loadOrt, type OrtModule, ortBindingDir, ortVersion } from './load-ort.js';
import { probeOrtBackends } from './probe.js';
import { parseOrtProfile } from './profile-parser.js';
import { findOrtBackend, ORT_BACKENDS, type OrtBackendDef, UNPASSABLE_GPU_OPTIONS } from './providers.js';
import { explainSessionError } from './session-error.js';
import { dtypeFromOrt, fromOrtTensor, toOrtTensor } from './tensors.js';

type Options = OpenOptions['options'];

/** Per-configuration options: intra-op threads (default: onnxruntime's choice) and the GPU (default 0). */
export const ORT_CONFIG_OPTIONS: OptionSpecs = { threads: positiveIntOption, deviceId: deviceIdOption, tf32: oneOfOption(TF32_VALUES) };

function backendDef(bt: BackendTarget): OrtBackendDef {
  const def = findOrtBackend(bt.backend, bt.target);
  if (!def) {
    throw new DnnperfError(
      'E_BACKEND',
      `backend '${bt.spec}' is not an onnxruntime backend: use one of ${ORT_BACKENDS.map((b) => `${bt.engine}:${b.name}`).join(', ')}`,
    );
  }
  return def;
}

function sessionOptions(def: OrtBackendDef, options: Options, extra: InferenceSession.SessionOptions = {}): InferenceSession.SessionOptions {
  const threads = options['threads'];
  return {
    executionProviders: def.executionProviders(Number(options['deviceId'] ?? 0)),
    graphOptimizationLevel: 'all',
    // Warnings (level 2) reach stderr, where the supervisor looks for provider fallbacks.
    logSeverityLevel: 2,
    ...(threads !== undefined ? { intraOpNumThreads: Number(threads) } : {}),
    ...extra,
  };
}

function metaOf(list: readonly InferenceSession.ValueMetadata[]): TensorMeta[] {
  return list.map((m) => (m.isTensor ? { name: m.name, dtype: dtypeFromOrt(m.type), dims: [...m.shape] } : { name: m.name, dtype: 'float32', dims: [] }));
}

async function createSession(ort: OrtModule, modelPath: string, bt: BackendTarget, so: InferenceSession.SessionOptions, version: string) {
  try {
    return await ort.InferenceSession.create(modelPath, so);
  } catch (e) {
    throw new DnnperfError('E_ENGINE', explainSessionError((e as Error).message, { modelPath, spec: bt.spec, version }));
  }
}

class OrtSession implements EngineSession {
  private feeds: Array<Record<string, Tensor>> = [];
  private next = 0;
  constructor(
    private readonly ort: OrtModule,
    private readonly session: InferenceSession,
    private readonly spec: string,
    readonly createMs: number,
  ) {}
  get inputs(): TensorMeta[] {
    return metaOf(this.session.inputMetadata);
  }
  get outputs(): TensorMeta[] {
    return metaOf(this.session.outputMetadata);
  }
  execution() {
    // Node placement is only visible in the profile pass; the supervisor adds what it sees there.
    return { requested: this.spec, actual: this.spec, fallback: false, notes: [] };
  }
  async setInputs(sets: TensorMap[]): Promise<void> {
    this.feeds = sets.map((set) => Object.fromEntries(Object.entries(set).map(([k, t]) => [k, toOrtTensor(this.ort, t)])));
  }
  async runOnce(index: number) {
    const feeds = this.feeds[index % this.feeds.length]!;
    const t0 = performance.now();
    const out = await this.session.run(feeds);
    const ms = performance.now() - t0;
    return { ms, outputs: Object.fromEntries(Object.entries(out).map(([k, t]) => [k, fromOrtTensor(t)])) };
  }
  async time(iterations: number): Promise<number[]> {
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const feeds = this.feeds[this.next++ % this.feeds.length]!;
      const t0 = performance.now();
      await this.session.run(feeds);
      times.push(performance.now() - t0);
    }
    return times;
  }
  async request(index: number): Promise<void> {
    await this.session.run(this.feeds[index % this.feeds.length]!);
  }
  async close(): Promise<void> {
    await this.session.release();
  }
}

/** What onnxruntime's providers do about TF32 by default (no provider option can change it: providers.ts). */
function defaultTf32(def: OrtBackendDef): Tf32 {
  if (def.providerName === 'TensorrtExecutionProvider') {
    return { enabled: true, basis: 'TensorRT builds FP32 layers with TF32 allowed by default (BuilderFlag kTF32); the binding cannot pass trt options' };
  }
  const model = def.fp16 ? 'FP16 model: nodes left in FP32 may run as TF32; ' : '';
  return {
    enabled: true,
    basis: `${model}onnxruntime's CUDA EP default use_tf32=1 (the onnxruntime-node binding passes deviceId only): cuBLAS and cuDNN may run FP32 MatMul/Gemm/Conv as TF32 on compute capability 8.0+; --option tf32=off turns it off`,
  };
}
/** What onnxruntime-node 1.29 does with several requests in flight (see the README's concurrency section). */
const SESSIONS_NOTE =
  'N InferenceSessions, each in a worker thread of its own: the binding runs InferenceSession.run synchronously on the calling thread, so one session per thread puts N runs in flight at once (each session has its own intra-op thread pool)';
const SHARED_NOTE =
  'one InferenceSession with N run() calls in flight on one thread: the binding runs each call synchronously on that thread, so the calls queue behind one another';

export function createOrtEngine(options: Options = {}): Engine {
  const unknown = Object.keys(options).filter((k) => k !== 'module' && !isEnvOption(k));
  if (unknown.length > 0) {
    throw new DnnperfError('E_BACKEND', `engine ort takes module=<onnxruntime-node folder> and env.NAME=<value>, not ${unknown.join(', ')}`);
  }
  const modulePath = typeof options['module'] === 'string' ? options['module'] : undefined;
  const env = engineEnv(options, 'engine ort');
  const ort = () => loadOrt(modulePath);
  return {
    name: 'ort',
    batched: false,
    needsFp16Model: (bt) => backendDef(bt).fp16,
    async info() {
      return {
        name: 'ort',
        version: ortVersion(modulePath),
        build: { bindingDir: ortBindingDir(modulePath) ?? 'not found', ...(Object.keys(env).length > 0 ? { env } : {}) },
        // In the measuring child the engine's env.* options are already in process.env (run-one.ts).
        processEnv: pickRecorded(process.env, recordedNames(env)),
      };
    },
    probe: (): Promise<BackendAvailability[]> => probeOrtBackends(ortBindingDir(modulePath), { ...process.env, ...env }),
    checkOptions(bt, o) {
      const def = backendDef(bt);
      if (def.providerName === 'CPUExecutionProvider') return;
      const asked = Object.keys(o).filter((k) => UNPASSABLE_GPU_OPTIONS.includes(k));
      if (asked.length > 0) {
        throw new DnnperfError(
          'E_BAD_ARGUMENT',
          `--option ${asked.join(', ')}: the onnxruntime-node 1.29 binding passes only deviceId to ${def.providerName}, so ${asked.length > 1 ? 'these stay' : 'it stays'} at onnxruntime's default (see \`dnnperf list\`); for TF32 use --option tf32=off`,
        );
      }
    },
    async tf32(bt, processEnv) {
      const def = backendDef(bt);
      if (def.providerName === 'CPUExecutionProvider') return undefined;
      return tf32Override(processEnv) ?? defaultTf32(def);
    },
    async open(modelPath, bt, { options: o }) {
      const def = backendDef(bt);
      const mod = ort();
      const t0 = performance.now();
      const session = await createSession(mod, modelPath, bt, sessionOptions(def, o), ortVersion(modulePath));
      return new OrtSession(mod, session, bt.spec, performance.now() - t0);
    },
    loadUnsupported: () => undefined,
    async openLoad(modelPath, bt, openOptions, load) {
      if (load.mode === 'sessions') {
        const instance = { alias: bt.engine, kind: 'ort', options };
        return ThreadLanes.open({
          instance,
          modelPath,
          backend: bt,
          options: openOptions,
          inputSets: load.inputSets,
          lanes: load.concurrency,
          notes: [SESSIONS_NOTE],
        });
      }
      const session = await this.open(modelPath, bt, openOptions);
      await session.setInputs(load.inputSets);
      const first = await session.runOnce(0);
      return new SharedLanes({
        session,
        lanes: load.concurrency,
        inputSets: load.inputSets.length,
        firstRunMs: first.ms,
        firstOutputs: first.outputs,
        notes: [SHARED_NOTE],
      });
    },
    async profileLayers(modelPath, bt, { options: o }, inputs, runs): Promise<EngineLayerProfile> {
      const def = backendDef(bt);
      const mod = ort();
      const dir = mkdtempSync(join(tmpdir(), 'dnnperf-profile-'));
      try {
        // endProfiling() returns nothing in Node: the file is found by its prefix.
        const prefix = join(dir, 'ort');
        const session = await createSession(
          mod,
          modelPath,
          bt,
          sessionOptions(def, o, { enableProfiling: true, profileFilePrefix: prefix }),
          ortVersion(modulePath),
        );
        const s = new OrtSession(mod, session, bt.spec, 0);
        await s.setInputs(inputs);
        // Profiling is on from session creation, so this first run (lazy initialization) is in the
        // profile too: one of the runs + 1 samples per node, which moves a node's median little.
        await s.runOnce(0);
        const profiled = await s.time(runs);
        session.endProfiling();
        await s.close();
        const file = readdirSync(dir).find((f) => f.startsWith('ort') && f.endsWith('.json'));
        if (!file) throw new Error(`onnxruntime wrote no profile file with prefix ${prefix}`);
        const events = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
        const gpu = def.providerName !== 'CPUExecutionProvider';
        const syncLaunch = process.env['CUDA_LAUNCH_BLOCKING'] === '1';
        const profile = parseOrtProfile(events, {
          requestedProvider: def.providerName,
          runs: runs + 1,
          timing: !gpu ? 'cpu' : syncLaunch ? 'synchronous' : 'host-dispatch',
        });
        return { ...profile, profiledEndToEndMedianMs: median(profiled) };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
