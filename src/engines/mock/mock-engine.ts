/**
 * A seeded mock engine for exact end-to-end tests (in the manner of hyperfine's MockExecutor):
 * latencies are drawn from a seeded PRNG around a per-model base, and no time passes.
 * Environment knobs, read in the measuring child, let tests plant behaviour:
 *   DNNPERF_MOCK_SLOWDOWN="<model>=<pct>,..." or "*=<pct>"  slows a model's latencies
 *   DNNPERF_MOCK_FAIL="<model>=throw|crash|hang"             makes a model's configuration fail
 *   DNNPERF_MOCK_SEED=<int>                                  changes the draws (another "process")
 */
import { createHash } from 'node:crypto';
import { modelName } from '../../results/model-name.js';
import { createRng, type Rng } from '../../stats/random.js';
import type { Engine, EngineLayerProfile, EngineSession } from '../engine.js';
import type { TensorMap } from '../../tensors.js';
import { modelPctMap } from './model-pct-map.js';
import { layerTotals } from '../../results/layer-totals.js';

export const MOCK_VERSION = '1.0.0';

/** Base latency 1..5 ms from the model's name: stable across runs and machines. */
function baseMs(name: string, batch: number): number {
  const h = createHash('sha256').update(name).digest().readUInt32BE(0);
  return (1 + (h % 4000) / 1000) * (1 + 0.6 * (batch - 1));
}

function failMode(name: string): string | undefined {
  for (const part of (process.env['DNNPERF_MOCK_FAIL'] ?? '').split(',')) {
    const [m, mode] = part.split('=');
    if (m === name || m === '*') return mode;
  }
  return undefined;
}

/** Right-skewed noise like real latencies: mostly within 2%, occasional slow runs. */
function draw(rng: Rng, base: number): number {
  const jitter = 1 + 0.02 * (rng() + rng() + rng() - 1.5);
  const spike = rng() < 0.02 ? 1 + 0.3 * rng() : 1;
  return base * jitter * spike;
}

class MockSession implements EngineSession {
  readonly createMs: number;
  readonly inputs;
  readonly outputs;
  private base = 1;
  constructor(
    private readonly rng: Rng,
    private readonly name: string,
    private readonly spec: string,
  ) {
    this.createMs = 20 * (1 + rng());
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
    this.base = baseMs(this.name, batch) * (1 + slowdown / 100);
  }
  async runOnce() {
    return { ms: this.base * 5, outputs: { output: { dtype: 'float32' as const, dims: [1, 4], data: new Float32Array(4) } } };
  }
  async time(iterations: number): Promise<number[]> {
    return Array.from({ length: iterations }, () => draw(this.rng, this.base));
  }
  async close(): Promise<void> {}
}

export function createMockEngine(): Engine {
  const seed = Number(process.env['DNNPERF_MOCK_SEED'] ?? 1);
  return {
    name: 'mock',
    batched: false,
    async info() {
      return { name: 'mock', version: MOCK_VERSION };
    },
    async probe() {
      return [
        { spec: 'mock:cpu', available: true },
        { spec: 'mock:gpu', available: false, reason: 'the mock engine has no GPU (it exists to test unavailable pairs)' },
      ];
    },
    async open(modelPath, bt) {
      if (bt.backend !== 'cpu') throw new Error(`mock engine: backend ${bt.spec} is unavailable`);
      const name = modelName({ path: modelPath });
      const mode = failMode(name);
      if (mode === 'throw') throw new Error(`mock engine: planted failure for ${name}`);
      if (mode === 'crash') process.exit(70);
      if (mode === 'hang') await new Promise(() => setInterval(() => {}, 1000));
      return new MockSession(createRng(seed), name, bt.spec);
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
