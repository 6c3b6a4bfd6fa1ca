/**
 * A seeded mock engine for exact end-to-end tests (in the manner of hyperfine's MockExecutor):
 * latencies are drawn from a seeded PRNG around a per-model base, and no time passes.
 *
 * Noise model, like real processes (docs/noise.md): every process (trial) draws its own level
 * once, a lognormal factor of relative spread DNNPERF_MOCK_PROCESS_CV (default 1%), and, with
 * DNNPERF_MOCK_SLOW_PROCESSES="<share>x<factor>", a share of processes runs in a slow mode
 * (a bimodal spread, as the real engines show); inside a process the samples jitter around
 * that level with occasional spikes. The draws are seeded by DNNPERF_MOCK_SEED, the model,
 * the backend and the trial, so trials differ from each other and a rerun repeats them.
 *
 * Environment knobs, read in the measuring child, let tests plant behaviour:
 *   DNNPERF_MOCK_SLOWDOWN="<model>=<pct>,..." or "*=<pct>"   slows a model's latencies
 *   DNNPERF_MOCK_FAIL="<model>=throw|crash|hang"              makes a model's configuration fail
 *   DNNPERF_MOCK_SEED=<int>                                   changes every draw
 *   DNNPERF_MOCK_PROCESS_CV=<fraction>                        spread of the per-process level
 *   DNNPERF_MOCK_SLOW_PROCESSES=<share>x<factor>              a slow mode of some processes
 *   DNNPERF_MOCK_DISTURB="<model>=<trial>/<trial>|*,..."      records a busy machine for those trials
 * Closed loops (concurrency > 1) run a deterministic queue on virtual time (mock-load.ts).
 * With the engine option `clock=real` (`--engine sleepy=mock:clock=real`) they run on the real
 * harness instead (worker threads, shared-memory rings, real polling): each request blocks its
 * thread for the service time, like a synchronous call into a device would, so the harness's
 * own throughput ceiling can be measured against a known ideal (bench/concurrency-overhead.ts).
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DnnperfError } from '../../errors.js';
import { layerTotals } from '../../results/layer-totals.js';
import { modelName } from '../../results/model-name.js';
import { createRng, type Rng } from '../../stats/random.js';
import type { TensorMap } from '../../tensors.js';
import type { Engine, EngineLayerProfile, EngineSession, LoadRequest } from '../engine.js';
import { engineEnv, isEnvOption, pickRecorded, recordedNames } from '../engine-env.js';
import { SharedLanes } from '../lanes/shared-lanes.js';
import { ThreadLanes } from '../lanes/thread-lanes.js';
import { checkSessionLimit, knob, MockLoad, mockLoadPlan } from './mock-load.js';
import { modelPctMap } from './model-pct-map.js';

export const MOCK_VERSION = '1.0.0';

/** Spread of the per-process level when DNNPERF_MOCK_PROCESS_CV is unset. */
export const MOCK_DEFAULT_PROCESS_CV = 0.01;

/** Base latency 1..5 ms from the model's name: stable across runs and machines. */
function baseMs(name: string, batch: number): number {
  const h = createHash('sha256').update(name).digest().readUInt32BE(0);
  return (1 + (h % 4000) / 1000) * (1 + 0.6 * (batch - 1));
}

function entryFor(knob: string, name: string): string | undefined {
  for (const part of (process.env[knob] ?? '').split(',')) {
    const [m, value] = part.split('=');
    if (m === name || m === '*') return value;
  }
  return undefined;
}

/** Standard normal draw (Box-Muller). */
function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

export interface ProcessNoise {
  /** Relative spread (sd of the log) of a process's level. */
  cv: number;
  /** Share of processes in the slow mode, and how much slower they are. */
  slowShare: number;
  slowFactor: number;
}

export function processNoiseFromEnv(env: NodeJS.ProcessEnv = process.env): ProcessNoise {
  const cv = Number(env['DNNPERF_MOCK_PROCESS_CV'] ?? MOCK_DEFAULT_PROCESS_CV);
  const [share, factor] = (env['DNNPERF_MOCK_SLOW_PROCESSES'] ?? '0x1').split('x').map(Number);
  return { cv: Number.isFinite(cv) ? cv : MOCK_DEFAULT_PROCESS_CV, slowShare: share ?? 0, slowFactor: factor ?? 1 };
}

/** The level of one process relative to the model's base: drawn once per process. */
export function processLevel(rng: Rng, noise: ProcessNoise): number {
  const slow = rng() < noise.slowShare ? noise.slowFactor : 1;
  return Math.exp(noise.cv * normal(rng)) * slow;
}

/** Right-skewed noise like real latencies: mostly within 2%, occasional slow runs. */
function draw(rng: Rng, base: number): number {
  const jitter = 1 + 0.02 * (rng() + rng() + rng() - 1.5);
  const spike = rng() < 0.02 ? 1 + 0.3 * rng() : 1;
  return base * jitter * spike;
}

/** The PRNG seed of one process: the run's seed, the model, the backend and the trial. */
export function processSeed(seed: number, name: string, spec: string, trial: number): number {
  return createHash('sha256').update(`${seed}|${name}|${spec}|${trial}`).digest().readUInt32LE(0);
}

class MockSession implements EngineSession {
  readonly createMs: number;
  readonly inputs;
  readonly outputs;
  private base = 1;
  private readonly level: number;
  constructor(
    private readonly rng: Rng,
    private readonly name: string,
    private readonly spec: string,
    private readonly trial: number,
    private readonly realClock = false,
  ) {
    this.createMs = 20 * (1 + rng());
    this.level = processLevel(rng, processNoiseFromEnv());
    this.inputs = [{ name: 'input', dtype: 'float32' as const, dims: ['batch', 4] }];
    this.outputs = [{ name: 'output', dtype: 'float32' as const, dims: ['batch', 4] }];
  }
  execution() {
    return { requested: this.spec, actual: this.spec, fallback: false, notes: [] };
  }
  /** The batch (leading dim of the first input) scales the base latency. */
  async setInputs(sets: TensorMap[]): Promise<void> {
    const batch = Object.values(sets[0] ?? {})[0]?.dims[0] ?? 1;
    const slowdown = modelPctMap(process.env['DNNPERF_MOCK_SLOWDOWN']).get(this.name) ?? 0;
    const planted = knob(process.env['DNNPERF_MOCK_SERVICE_MS'], this.name)?.split('/')[0];
    this.base = (planted !== undefined ? Number(planted) : baseMs(this.name, batch)) * (1 + slowdown / 100) * this.level;
  }
  async runOnce() {
    return { ms: this.base * 5, outputs: { output: { dtype: 'float32' as const, dims: [1, 4], data: new Float32Array(4) } } };
  }
  async time(iterations: number): Promise<number[]> {
    if (!this.realClock) return Array.from({ length: iterations }, () => draw(this.rng, this.base));
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const t0 = performance.now();
      await this.request();
      times.push(performance.now() - t0);
    }
    return times;
  }
  /** Real clock only: blocks this thread for the service time (the first of DNNPERF_MOCK_SERVICE_MS, else the base latency). */
  async request(): Promise<void> {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, mockLoadPlan(this.name, this.base).serviceMs[0]!);
  }
  async close(): Promise<void> {}
  /** The closed loop of `lanes` requests on this session's model and batch, on virtual time. */
  async openLoad(lanes: number, sessions: number): Promise<MockLoad> {
    const first = await this.runOnce();
    return new MockLoad({
      plan: mockLoadPlan(this.name, this.base),
      lanes,
      sessions: Array.from({ length: sessions }, () => ({ createMs: this.createMs, firstRunMs: first.ms })),
      firstOutputs: first.outputs,
      execution: this.execution(),
    });
  }
  plantedDisturbance(): string | undefined {
    const trials = entryFor('DNNPERF_MOCK_DISTURB', this.name);
    if (trials === undefined || (trials !== '*' && !trials.split('/').map(Number).includes(this.trial))) return undefined;
    return 'other processes used 1.50 of 2 CPUs (75%, limit 10%) (planted by DNNPERF_MOCK_DISTURB)';
  }
}

export const MOCK_CLOCKS = ['virtual', 'real'] as const;

/**
 * `env.NAME=value` options reach the measuring child (so `env.DNNPERF_MOCK_SEED=7` is another "installation");
 * `clock=virtual|real` (default virtual) picks how closed loops pass time.
 */
export function createMockEngine(options: Record<string, string | number | boolean> = {}): Engine {
  const unknown = Object.keys(options).filter((k) => !isEnvOption(k) && k !== 'clock');
  const clock = String(options['clock'] ?? 'virtual');
  if (unknown.length > 0 || !(MOCK_CLOCKS as readonly string[]).includes(clock)) {
    const bad = unknown.length > 0 ? unknown.join(', ') : `clock=${clock}`;
    throw new DnnperfError('E_BACKEND', `engine mock takes env.NAME=<value> and clock=${MOCK_CLOCKS.join('|')} only, not ${bad}`);
  }
  const env = engineEnv(options, 'engine mock');
  const seed = Number(process.env['DNNPERF_MOCK_SEED'] ?? 1);
  return {
    name: 'mock',
    batched: false,
    // The real clock's times are real waits, and the machine's load bears on them like on any engine's.
    syntheticTiming: clock === 'virtual',
    async info() {
      return { name: 'mock', version: MOCK_VERSION, processEnv: pickRecorded(process.env, recordedNames(env)) };
    },
    async probe() {
      return [
        { spec: 'mock:cpu', available: true },
        { spec: 'mock:gpu', available: false, reason: 'the mock engine has no GPU (it exists to test unavailable pairs)' },
      ];
    },
    async open(modelPath, bt, o) {
      if (bt.backend !== 'cpu') throw new Error(`mock engine: backend ${bt.spec} is unavailable`);
      const name = modelName({ path: modelPath });
      const mode = entryFor('DNNPERF_MOCK_FAIL', name);
      if (mode === 'throw') throw new Error(`mock engine: planted failure for ${name}`);
      if (mode === 'crash') process.exit(70);
      if (mode === 'hang') await new Promise(() => setInterval(() => {}, 1000));
      const trial = o.trial ?? 0;
      return new MockSession(createRng(processSeed(seed, name, bt.spec, trial)), name, bt.spec, trial, clock === 'real');
    },
    loadUnsupported: () => undefined,
    async openLoad(modelPath, bt, o, load: LoadRequest) {
      const lanes = load.concurrency;
      if (load.mode === 'sessions') checkSessionLimit(modelName({ path: modelPath }), lanes);
      if (clock === 'real' && load.mode === 'sessions') {
        const instance = { alias: bt.engine, kind: 'mock', options };
        const notes = ['mock on the real clock: each request blocks its worker thread for the service time'];
        return ThreadLanes.open({ instance, modelPath, backend: bt, options: o, inputSets: load.inputSets, lanes, notes });
      }
      const session = (await this.open(modelPath, bt, o)) as MockSession;
      await session.setInputs(load.inputSets);
      if (clock === 'real') {
        const first = await session.runOnce();
        const notes = ['mock on the real clock, one session: requests block this thread one after another'];
        return new SharedLanes({ session, lanes, inputSets: load.inputSets.length, firstRunMs: first.ms, firstOutputs: first.outputs, notes });
      }
      return session.openLoad(lanes, load.mode === 'sessions' ? lanes : 1);
    },
    async profileLayers(modelPath, bt, _o, _inputs, runs): Promise<EngineLayerProfile> {
      const name = modelName({ path: modelPath });
      const nodes = ['conv1', 'relu1', 'gemm1'].map((n, i) => ({
        name: `${name}/${n}`,
        opType: ['Conv', 'Relu', 'Gemm'][i]!,
        provider: bt.spec,
        medianMs: [0.6, 0.1, 0.3][i]!,
        inputShapes: [],
        outputShapes: [],
        fallback: false,
      }));
      return {
        source: 'mock',
        timing: 'cpu',
        runs,
        nodes,
        ...layerTotals(nodes),
        notes: [],
      };
    },
  };
}
