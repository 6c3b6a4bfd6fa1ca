/**
 * The concurrency axis through the run core (a child process per configuration) on the seeded
 * mock's deterministic queue: k servers, a fixed service time, so every throughput and latency
 * is known exactly.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRun } from '../../src/results/run-files.js';
import type { OkResult } from '../../src/results/schema.js';
import { CONCURRENCY_MODES } from '../../src/results/schema.js';
import { runSuite } from '../../src/run/run-suite.js';
import { percentileOf } from '../../src/stats/latency-percentiles.js';
import { SUITE_CONCURRENCY_MODES } from '../../src/suites/schema.js';
import { FAST_PROTOCOL, tempDir, writeSuite } from '../helpers/tmp.js';

it('suite files know the concurrency modes results record', () => {
  expect(SUITE_CONCURRENCY_MODES).toEqual(CONCURRENCY_MODES);
});

const LOAD = { windowMs: 100, minWindowRequests: 10 };
/** Two servers of 2 ms: saturate at 1000 requests/s. */
const QUEUE = { DNNPERF_MOCK_SERVERS: 'mlp-mini=2', DNNPERF_MOCK_SERVICE_MS: 'mlp-mini=2' };

function ok(r: unknown): OkResult {
  const result = r as OkResult;
  expect(result.status, (r as { reason?: string }).reason).toBe('ok');
  return result;
}

describe('concurrency axis on the mock queue', () => {
  it('measures each level and mode with exact throughput and latency, and keeps concurrency 1 as it was', async () => {
    const dir = tempDir();
    const suite = writeSuite(dir, {
      name: 'load',
      backends: ['mock:cpu'],
      batches: [4],
      models: [{ builtin: 'mlp-mini' }],
      concurrency: [1, 2, 4],
      concurrencyModes: ['sessions', 'shared'],
    });
    const common = { suite, cacheDir: join(dir, 'cache'), protocol: FAST_PROTOCOL, loadProtocol: LOAD, childEnv: QUEUE };
    const run = await runSuite({ ...common, outDir: join(dir, 'out') });
    const plain = await runSuite({
      ...common,
      outDir: join(dir, 'plain'),
      concurrency: undefined,
      suite: writeSuite(dir, { name: 'load', backends: ['mock:cpu'], batches: [4], models: [{ builtin: 'mlp-mini' }] }, 'plain.json'),
    });

    expect(run.results.map((r) => [r.config.concurrency, r.config.concurrencyMode ?? null, r.status])).toEqual([
      [1, null, 'ok'],
      [2, 'sessions', 'ok'],
      [2, 'shared', 'ok'],
      [4, 'sessions', 'ok'],
      [4, 'shared', 'ok'],
    ]);
    expect(run.manifest.loadProtocol).toMatchObject({ windowMs: 100, minWindowRequests: 10, stabilityPct: 10, stableWindows: 3, maxWindows: 10 });
    expect(new Set(run.manifest.configurations.map((c) => c.key)).size).toBe(5);

    // Concurrency 1: the sequential protocol, same key and same samples as a run without the axis.
    const one = ok(run.results[0]);
    const before = ok(plain.results[0]);
    expect(one.config.key).toBe(before.config.key);
    expect(one.samplesMs).toEqual(before.samplesMs);
    expect(before.load).toBeUndefined();
    expect(one.load).toMatchObject({ concurrency: 1, mode: 'sequential', sessions: 1, windows: [] });
    expect(one.load!.inferencesPerS).toBeCloseTo((one.samplesMs.length * 1000) / one.samplesMs.reduce((a, b) => a + b, 0), 9);
    expect(one.layers).toBeDefined();

    const [, c2, c2shared, c4] = run.results.map(ok);
    // 2 in flight on 2 servers: no waiting; 4 in flight: each waits one service time.
    expect(c2!.load).toMatchObject({ concurrency: 2, mode: 'sessions', sessions: 2, inferencesPerS: 1000, samplesPerS: 4000, reportedWindows: 3 });
    expect(c2!.load!.stability.stable).toBe(true);
    expect(c2!.stop.reason).toBe('stable');
    expect(percentileOf(c2!.load!.latency, 99).ms).toBe(2);
    expect(c2shared!.load).toMatchObject({ mode: 'shared', sessions: 1, inferencesPerS: 1000 });
    expect(c4!.load!.inferencesPerS).toBe(1000);
    expect(c4!.throughputPerS).toBe(4000);
    expect(new Set(c4!.samplesMs)).toEqual(new Set([4]));
    expect(c4!.stats.medianMs).toBe(4);
    // every reported request is kept, in start order, and they are the samples
    const req = c4!.load!.requests!;
    expect(req.startMs.length).toBe(c4!.samplesMs.length);
    expect(new Set(req.lane)).toEqual(new Set([0, 1, 2, 3]));
    // the per-layer pass runs at concurrency 1 only
    expect(c4!.layers).toBeUndefined();
    expect(readRun(run.dir).results).toHaveLength(5);
  });

  it('fails a concurrency the engine cannot open with its reason, and goes on', async () => {
    const dir = tempDir();
    const suite = writeSuite(dir, { name: 'oom', backends: ['mock:cpu'], batches: [1], models: [{ builtin: 'mlp-mini' }], concurrency: [2, 8, 4] });
    const run = await runSuite({
      suite,
      outDir: join(dir, 'out'),
      cacheDir: join(dir, 'cache'),
      protocol: FAST_PROTOCOL,
      loadProtocol: LOAD,
      layers: false,
      childEnv: { ...QUEUE, DNNPERF_MOCK_MAX_SESSIONS: 'mlp-mini=4' },
    });
    expect(run.results.map((r) => [r.config.concurrency, r.status])).toEqual([
      [2, 'ok'],
      [8, 'failed'],
      [4, 'ok'],
    ]);
    const failed = run.results[1]!;
    expect(failed.status === 'failed' && [failed.phase, failed.reason]).toEqual([
      'create',
      'session 5 of 8: out of device memory (planted: DNNPERF_MOCK_MAX_SESSIONS=mlp-mini=4)',
    ]);
  });
});

describe('latency budget search on the mock queue', () => {
  it('stops each sweep where throughput stops rising or p99 passes the budget, and names the best', async () => {
    const dir = tempDir();
    const suite = writeSuite(dir, { name: 'budget', backends: ['mock:cpu'], batches: [1, 4, 2], models: [{ builtin: 'mlp-mini' }] });
    const run = await runSuite({
      suite,
      outDir: join(dir, 'out'),
      cacheDir: join(dir, 'cache'),
      protocol: FAST_PROTOCOL,
      loadProtocol: LOAD,
      layers: false,
      concurrency: [1, 2, 4, 8],
      latencyBudgetMs: 3,
      childEnv: QUEUE,
    });
    const budget = run.manifest.latencyBudget!;
    const step = (batch: number, c: number) => budget.steps.find((s) => s.batch === batch && s.concurrency === c)!;
    // Batches in ascending order. Batch 1: c1 ~500/s (p99 2 ms with the mock's jitter), c2 1000/s at 2 ms,
    // c4 1000/s at 4 ms > 3 ms: the sweep stops there; c8 is never measured.
    expect(step(1, 2)).toMatchObject({ status: 'measured', samplesPerS: 1000, p99Ms: 2, withinBudget: true });
    expect(step(1, 4)).toMatchObject({ status: 'measured', withinBudget: false, reason: 'p99 4.00 ms > budget 3 ms at batch 1, concurrency 4' });
    expect(step(1, 8)).toMatchObject({ status: 'skipped', reason: 'p99 4.00 ms > budget 3 ms at batch 1, concurrency 4' });
    // Batch 2 doubles samples/s at the same latencies; batch 4 doubles them again.
    expect(step(2, 2)).toMatchObject({ status: 'measured', samplesPerS: 2000 });
    expect(step(4, 2)).toMatchObject({ status: 'measured', samplesPerS: 4000 });
    expect(budget.best).toEqual([
      {
        model: 'mlp-mini',
        spec: 'mock:cpu',
        found: true,
        key: step(4, 2).key,
        batch: 4,
        concurrency: 2,
        mode: 'sessions',
        samplesPerS: 4000,
        inferencesPerS: 1000,
        p99Ms: 2,
      },
    ]);
    // What the search passed over left the plan: nothing reads as missing.
    expect(run.manifest.configurations.map((c) => `${c.batch}x${c.concurrency}`)).toEqual(['1x1', '1x2', '1x4', '2x1', '2x2', '2x4', '4x1', '4x2', '4x4']);
    expect(readRun(run.dir).manifest.latencyBudget).toEqual(budget);
  });
});
