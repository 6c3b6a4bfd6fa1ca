/** Builds RunData from synthetic samples, so compare and the gate are tested without a run core. */
import { createHash } from 'node:crypto';
import { mean, median, quantile } from 'simple-statistics';
import type { RunData } from '../../src/results/run-files.js';
import type { ConfigResult, ConfigSpec, Environment, RunManifest } from '../../src/results/schema.js';
import { createRng } from '../../src/stats/random.js';

export function makeEnv(over: Partial<Environment> = {}): Environment {
  return {
    machineKey: 'm-test',
    hostname: 'ci-1',
    cpu: { model: 'Test CPU @ 3.0GHz', cores: 2, governor: 'performance' },
    memoryBytes: 8e9,
    os: { platform: 'linux', release: '6.1.0', arch: 'x64' },
    node: 'v20.19.0',
    toolVersion: '0.1.0',
    engines: { ort: { version: '1.29.0' } },
    gpus: [],
    extra: {},
    ...over,
  };
}

export interface ConfigDef {
  model: string;
  batch?: number;
  spec?: string;
  /** Samples per trial (one process each), or a failure. */
  trials: number[][] | { status: 'failed' | 'unavailable'; reason: string };
  engineVersion?: string;
}

export function makeConfig(def: Pick<ConfigDef, 'model' | 'batch' | 'spec'>, index = 0, trial = 0): ConfigSpec {
  const spec = def.spec ?? 'ort:cpu';
  const [engine, rest] = spec.split(':') as [string, string];
  const [backend, target] = rest.split('/') as [string, string | undefined];
  const batch = def.batch ?? 1;
  const sha256 = createHash('sha256').update(def.model).digest('hex');
  return {
    key: createHash('sha256').update(`${sha256}|${spec}|${batch}`).digest('hex').slice(0, 16),
    index,
    model: { name: def.model, path: `/models/${def.model}.onnx`, sha256, source: 'builtin' },
    spec,
    engine,
    backend,
    ...(target ? { target } : {}),
    batch,
    shapes: { x: [batch, 3, 32, 32] },
    options: {},
    trial,
  };
}

function okResult(config: ConfigSpec, samplesMs: number[], engineVersion: string): ConfigResult {
  const m = median(samplesMs);
  return {
    schemaVersion: '1.0',
    config,
    engineVersion,
    startedAt: '2026-01-01T00:00:00.000Z',
    wallMs: 1000,
    status: 'ok',
    execution: { requested: config.spec, actual: config.spec, fallback: false, notes: [] },
    createMs: 10,
    firstRunMs: 5,
    warmup: { iterations: 10, ms: 100 },
    samplesMs,
    stats: {
      n: samplesMs.length,
      medianMs: m,
      meanMs: mean(samplesMs),
      minMs: Math.min(...samplesMs),
      maxMs: Math.max(...samplesMs),
      p05Ms: quantile(samplesMs, 0.05),
      p95Ms: quantile(samplesMs, 0.95),
      p99Ms: quantile(samplesMs, 0.99),
      stddevMs: 0,
      cv: 0,
      iqrMs: 0,
      madMs: 0,
      medianCiLowMs: m,
      medianCiHighMs: m,
      relCiHalfWidth: 0,
      outliers: 0,
    },
    stop: { reason: 'target-precision', targetRelCiHalfWidth: 0.01, sampledMs: 500 },
    noise: { noisy: false },
    throughputPerS: 1000 / m,
    outputs: [],
    memory: { peakRssBytes: 1e8 },
  };
}

export function makeRun(runId: string, defs: ConfigDef[], env: Environment = makeEnv(), suite = 'default'): RunData {
  const configurations = defs.map((d, i) => makeConfig(d, i));
  const results: ConfigResult[] = [];
  const trialCount = Math.max(...defs.map((d) => (Array.isArray(d.trials) ? d.trials.length : 1)));
  // Interleaved like the run core: trial 0 of every configuration, then trial 1, ...
  for (let t = 0; t < trialCount; t++) {
    defs.forEach((d, i) => {
      const config = { ...configurations[i]!, trial: t };
      if (!Array.isArray(d.trials)) {
        results.push({
          schemaVersion: '1.0',
          config,
          startedAt: '2026-01-01T00:00:00.000Z',
          wallMs: 5,
          ...d.trials,
          ...(d.trials.status === 'failed' ? { phase: 'create' } : {}),
        } as ConfigResult);
      } else if (d.trials[t]) results.push(okResult(config, d.trials[t], d.engineVersion ?? '1.29.0'));
    });
  }
  const manifest: RunManifest = {
    schemaVersion: '1.0',
    runId,
    suite,
    createdAt: '2026-01-01T00:00:00.000Z',
    environment: env,
    // Like the run core: every trial of every configuration, trial-major.
    configurations: Array.from({ length: trialCount }, (_, t) => configurations.map((c) => ({ ...c, trial: t }))).flat(),
    protocol: {
      warmupIterations: 10,
      warmupMs: 100,
      minSamples: 20,
      maxSamples: 1000,
      minTimeMs: 200,
      maxTimeMs: 2000,
      targetRelCiHalfWidth: 0.01,
      noiseIqrRelThreshold: 0.1,
      inputSets: 2,
      profileRuns: 10,
      configTimeoutMs: 60000,
      seed: 1,
    },
  };
  return { dir: `/runs/${runId}`, manifest, results, warnings: [] };
}

/** Standard normal draws (Box-Muller) from a seeded stream. */
function normal(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

export interface NoiseModel {
  /** Relative spread of a trial's median between processes (default 0.02). */
  trialSd?: number;
  /** Relative spread of samples inside one process (default 0.03), one-sided (latency only grows). */
  sampleSd?: number;
  samples?: number;
}

/** Trials of samples around `medianMs`: process-level offset plus within-process noise. */
export function synthTrials(seed: number, medianMs: number, trials: number, noise: NoiseModel = {}): number[][] {
  const rng = createRng(seed);
  const { trialSd = 0.02, sampleSd = 0.03, samples = 30 } = noise;
  return Array.from({ length: trials }, () => {
    const level = medianMs * (1 + trialSd * normal(rng));
    return Array.from({ length: samples }, () => Number((level * (1 + sampleSd * Math.abs(normal(rng)))).toFixed(4)));
  });
}

export const MODELS = ['resnet-mini', 'mobilenetv2-mini', 'transformer-mini', 'mlp-mini', 'detector-mini'];

/** The default suite's matrix (5 models x batch 1, 8) with each model's median scaled by `factor(model, batch)`. */
export function suiteRun(runId: string, seed: number, trials: number, factor: (model: string, batch: number) => number = () => 1, env?: Environment): RunData {
  const defs: ConfigDef[] = MODELS.flatMap((model, m) =>
    [1, 8].map((batch) => ({ model, batch, trials: synthTrials(seed * 100 + m * 10 + batch, (m + 1) * batch * factor(model, batch), trials) })),
  );
  return makeRun(runId, defs, env);
}
