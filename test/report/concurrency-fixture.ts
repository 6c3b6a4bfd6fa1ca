/**
 * A concurrency sweep as report data, built in memory from a simple service model (k parallel
 * servers of service time s per backend): exact numbers, no process, no clock.
 * resnet50 on ort:cuda (2 servers) and opencv:cuda/cuda_fp16 (1 server), batch 1 and 8,
 * concurrency 1, 2, 4 in sessions mode, and ort:cuda's concurrency 2 in shared mode; a
 * latency budget of 12 ms.
 */
import { buildReportData, type ReportData } from '../../src/report/report-data.js';
import type { RunData } from '../../src/results/run-files.js';
import { type ConcurrencyMode, type ConfigResult, type ConfigSpec, type LoadPoint, type RunManifest, SCHEMA_VERSION } from '../../src/results/schema.js';
import { summarize } from '../../src/stats/summary.js';

const SERVICE: Record<string, { servers: number; ms: (batch: number) => number }> = {
  'ort:cuda': { servers: 2, ms: (b) => (b === 1 ? 2 : 6) },
  'opencv:cuda/cuda_fp16': { servers: 1, ms: (b) => (b === 1 ? 3 : 9) },
};

function config(index: number, spec: string, batch: number, concurrency: number, mode?: ConcurrencyMode): ConfigSpec {
  const [engine, rest] = spec.split(':') as [string, string];
  const [backend, target] = rest.split('/') as [string, string | undefined];
  return {
    key: `k${index}`,
    index,
    model: { name: 'resnet50', path: '/m/resnet50.onnx', sha256: 'r50', source: 'file' },
    spec,
    engine,
    backend,
    ...(target ? { target } : {}),
    batch,
    shapes: { input: [batch, 3, 224, 224] },
    options: {},
    trial: 0,
    concurrency,
    ...(mode ? { concurrencyMode: mode } : {}),
  };
}

function point(c: ConfigSpec): { load: LoadPoint; samples: number[] } {
  const { servers, ms } = SERVICE[c.spec]!;
  const n = c.concurrency!;
  const inFlight = c.concurrencyMode === 'shared' ? 1 : Math.min(n, servers);
  const latency = (ms(c.batch) * n) / inFlight;
  const inferencesPerS = (inFlight * 1000) / ms(c.batch);
  const pct = (p: number, f: number) => ({ p, ms: latency * f, ciLowMs: latency * f * 0.98, ciHighMs: latency * f * 1.03, ciBounded: p < 99.9 });
  const windows =
    n === 1
      ? []
      : [0, 1, 2].map((i) => ({
          startMs: i * 100,
          endMs: (i + 1) * 100,
          requests: Math.round(inferencesPerS / 10),
          inferencesPerS,
          meanMs: latency,
          p50Ms: latency,
          p99Ms: latency * 1.2,
        }));
  // Each lane back to back, one request every `latency` ms, over the last window.
  const lane: number[] = [];
  const startMs: number[] = [];
  const endMs: number[] = [];
  if (n === 4) {
    for (let t = 200 - latency; t < 300; t += latency)
      for (let l = 0; l < n; l++) {
        lane.push(l);
        startMs.push(t);
        endMs.push(t + latency);
      }
  }
  return {
    samples: Array.from({ length: 60 }, (_, i) => latency * (1 + (i % 10) / 100)),
    load: {
      concurrency: n,
      mode: n === 1 ? 'sequential' : (c.concurrencyMode ?? 'sessions'),
      sessions: c.concurrencyMode === 'shared' ? 1 : n,
      inferencesPerS,
      samplesPerS: inferencesPerS * c.batch,
      latency: [pct(50, 1), pct(90, 1.1), pct(99, 1.2), pct(99.9, 1.3)],
      windows,
      reportedWindows: windows.length,
      stability: { rule: 'fixture', stable: !(c.spec === 'opencv:cuda/cuda_fp16' && n === 4) },
      ...(n === 4 ? { requests: { lane, startMs, endMs } } : {}),
      ...(n > 1
        ? { cpu: { cpuMs: 50, wallMs: 300, busyCores: 50 / 300, method: 'fixture' }, gpu: { utilisationPct: 40 * inFlight, samples: 3, method: 'fixture' } }
        : {}),
      notes: [],
    },
  };
}

function result(c: ConfigSpec): ConfigResult {
  const { load, samples } = point(c);
  const stats = summarize(samples);
  return {
    schemaVersion: SCHEMA_VERSION,
    config: c,
    startedAt: '2026-12-02T00:00:00.000Z',
    wallMs: 1000,
    status: 'ok',
    execution: { requested: c.spec, actual: c.spec, fallback: false, notes: [] },
    createMs: 300,
    firstRunMs: 700,
    warmup: { iterations: 10, ms: 500 },
    samplesMs: samples,
    stats,
    stop: { reason: load.stability.stable ? 'stable' : 'max-windows', targetRelCiHalfWidth: 0.01, sampledMs: 300 },
    noise: { noisy: false },
    throughputPerS: load.samplesPerS,
    load,
    outputs: [],
    memory: { peakRssBytes: 1 },
  };
}

export function concurrencyRun(): RunData {
  const configs: ConfigSpec[] = [];
  for (const spec of Object.keys(SERVICE)) {
    for (const batch of [1, 8]) {
      for (const n of [1, 2, 4]) configs.push(config(configs.length, spec, batch, n, n > 1 ? 'sessions' : undefined));
    }
  }
  configs.push(config(configs.length, 'ort:cuda', 1, 2, 'shared'));
  const manifest = {
    schemaVersion: SCHEMA_VERSION,
    runId: 'fixture-concurrency',
    suite: 'fixture',
    createdAt: '2026-12-02T00:00:00.000Z',
    environment: {
      machineKey: 'fixture-machine',
      hostname: 'fixture-host',
      cpu: { model: 'Fixture CPU', cores: 16 },
      memoryBytes: 1,
      os: { platform: 'linux', release: '6.1', arch: 'x64' },
      node: 'v20',
      toolVersion: '0.1.0',
      engines: {},
      gpus: [],
      extra: {},
    },
    protocol: {
      warmupIterations: 10,
      warmupMs: 500,
      minSamples: 30,
      maxSamples: 10000,
      minTimeMs: 1000,
      maxTimeMs: 10000,
      targetRelCiHalfWidth: 0.01,
      noiseIqrRelThreshold: 0.1,
      inputSets: 3,
      profileRuns: 20,
      configTimeoutMs: 180000,
      seed: 42,
    },
    loadProtocol: { windowMs: 100, minWindowRequests: 10, stabilityPct: 10, stableWindows: 3, maxWindows: 10 },
    configurations: configs,
    latencyBudget: {
      budgetMs: 12,
      rule: 'fixture rule',
      best: [
        {
          model: 'resnet50',
          spec: 'ort:cuda',
          found: true,
          key: 'k7',
          batch: 8,
          concurrency: 2,
          mode: 'sessions',
          samplesPerS: 2666.67,
          inferencesPerS: 333.33,
          p99Ms: 7.2,
        },
        {
          model: 'resnet50',
          spec: 'opencv:cuda/cuda_fp16',
          found: true,
          key: 'k9',
          batch: 8,
          concurrency: 1,
          mode: 'sequential',
          samplesPerS: 888.9,
          inferencesPerS: 111.1,
          p99Ms: 10.8,
        },
      ],
      steps: [
        { key: 'k0', model: 'resnet50', spec: 'ort:cuda', batch: 1, concurrency: 1, status: 'measured', samplesPerS: 500, p99Ms: 2.4, withinBudget: true },
      ],
    },
  } satisfies RunManifest;
  return { dir: '/fixture/concurrency', manifest, results: configs.map(result), warnings: [] };
}

export function concurrencyData(): ReportData {
  return buildReportData([concurrencyRun()]);
}
