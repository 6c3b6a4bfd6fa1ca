/** The latency-budget search as plain state: synthetic throughput points, exact decisions. */
import { describe, expect, it } from 'vitest';
import type { ConfigResult, ConfigSpec } from '../../src/results/schema.js';
import { BudgetSearch } from '../../src/run/budget-search.js';

function config(batch: number, concurrency: number, model = 'net'): ConfigSpec {
  return {
    key: `${model}-b${batch}-c${concurrency}`,
    index: 0,
    model: { name: model, path: `/m/${model}.onnx`, sha256: model, source: 'file' },
    spec: 'ort:cuda',
    engine: 'ort',
    backend: 'cuda',
    batch,
    shapes: {},
    options: {},
    trial: 0,
    concurrency,
    ...(concurrency > 1 ? { concurrencyMode: 'sessions' as const } : {}),
  };
}

/** An ok result whose throughput point has these samples/s and p99. */
function result(c: ConfigSpec, samplesPerS: number, p99Ms: number): ConfigResult {
  const pct = (p: number) => ({ p, ms: p === 99 ? p99Ms : p99Ms / 2, ciLowMs: 0, ciHighMs: 0, ciBounded: true });
  return {
    schemaVersion: '1.1',
    config: c,
    startedAt: '',
    wallMs: 0,
    status: 'ok',
    execution: { requested: c.spec, actual: c.spec, fallback: false, notes: [] },
    createMs: 0,
    firstRunMs: 0,
    warmup: { iterations: 0, ms: 0 },
    samplesMs: [],
    stats: {} as never,
    stop: { reason: 'stable', targetRelCiHalfWidth: 0.01, sampledMs: 0 },
    noise: { noisy: false },
    throughputPerS: samplesPerS,
    load: {
      concurrency: c.concurrency!,
      mode: c.concurrencyMode ?? 'sequential',
      sessions: c.concurrency!,
      inferencesPerS: samplesPerS / c.batch,
      samplesPerS,
      latency: [50, 90, 99, 99.9].map(pct),
      windows: [],
      reportedWindows: 3,
      stability: { rule: '', stable: true },
      notes: [],
    },
    outputs: [],
    memory: { peakRssBytes: 0 },
  };
}

/** Drives the search over a grid: `measure(batch, c)` gives [samples/s, p99] or a failure reason. */
function drive(search: BudgetSearch, batches: number[], levels: number[], measure: (b: number, c: number) => [number, number] | string) {
  const measured: string[] = [];
  for (const b of batches) {
    for (const c of levels) {
      const cfg = config(b, c);
      if (search.skipReason(cfg)) continue;
      measured.push(`${b}x${c}`);
      const m = measure(b, c);
      search.record(
        typeof m === 'string'
          ? { schemaVersion: '1.1', config: cfg, startedAt: '', wallMs: 0, status: 'failed', phase: 'create', reason: m }
          : result(cfg, ...m),
      );
    }
  }
  return measured;
}

describe('BudgetSearch', () => {
  it('stops a concurrency sweep when samples/s rises by less than 5%', () => {
    const s = new BudgetSearch(100);
    const tput: Record<number, number> = { 1: 100, 2: 190, 4: 198, 8: 400 };
    expect(drive(s, [1], [1, 2, 4, 8], (_b, c) => [tput[c]!, 10])).toEqual(['1x1', '1x2', '1x4']);
    const o = s.outcome();
    expect(o.steps.find((x) => x.concurrency === 4)!.reason).toBe(
      'throughput stopped rising: 198 samples/s at concurrency 4 against 190 at 2 (less than 5% more)',
    );
    expect(o.best[0]).toMatchObject({ found: true, batch: 1, concurrency: 4, samplesPerS: 198 });
  });

  it('stops at the first concurrency whose p99 passes the budget; that point is not the answer', () => {
    const s = new BudgetSearch(20);
    expect(drive(s, [1], [1, 2, 4, 8], (_b, c) => [100 * c, 6 * c])).toEqual(['1x1', '1x2', '1x4']);
    expect(s.outcome().best[0]).toMatchObject({ concurrency: 2, samplesPerS: 200, p99Ms: 12 });
  });

  it('skips larger batches once a batch passes the budget at concurrency 1', () => {
    const s = new BudgetSearch(10);
    const measured = drive(s, [1, 8, 32], [1, 2], (b, c) => [100 * b * c, b * 1.5 * c]);
    expect(measured).toEqual(['1x1', '1x2', '8x1']);
    const skipped = s.outcome().steps.filter((x) => x.status === 'skipped');
    expect(skipped.map((x) => `${x.batch}x${x.concurrency}`)).toEqual(['8x2', '32x1', '32x2']);
    expect(skipped[1]!.reason).toBe('batch 8 already passes the budget at concurrency 1 (p99 12.0 ms > budget 10 ms at batch 8, concurrency 1)');
  });

  it('stops the batch sweep when a batch adds less than 5% samples/s within the budget', () => {
    const s = new BudgetSearch(1000);
    const best: Record<number, number> = { 1: 100, 8: 400, 32: 410, 64: 900 };
    expect(drive(s, [1, 8, 32, 64], [1], (b) => [best[b]!, 1])).toEqual(['1x1', '8x1', '32x1']);
    expect(s.outcome().steps.at(-1)!.reason).toBe('samples/s within the budget stopped rising with batch: 410 at batch 32 against 400 at smaller batches');
  });

  it('ends a sweep at a failure and says none fits when nothing does', () => {
    const s = new BudgetSearch(1);
    expect(drive(s, [1], [1, 2, 4], (_b, c) => (c === 2 ? 'out of memory' : [100, 5]))).toEqual(['1x1']);
    expect(s.outcome().best[0]).toEqual({
      model: 'net',
      spec: 'ort:cuda',
      found: false,
      reason: 'no configuration kept p99 within 1 ms (the lowest was 5.00 ms, at batch 1, concurrency 1)',
    });
    const t = new BudgetSearch(100);
    expect(drive(t, [1], [1, 2, 4], (_b, c) => (c === 2 ? 'out of memory' : [100 * c, 5]))).toEqual(['1x1', '1x2']);
    expect(t.outcome().steps.at(-1)).toMatchObject({ status: 'skipped', reason: 'failed at batch 1, concurrency 2: out of memory' });
  });
});
