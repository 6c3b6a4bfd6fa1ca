/**
 * The closed loop on the mock's deterministic queue (virtual time): throughput and
 * percentiles known exactly from the service model, the stability rule, and the caps.
 */
import { describe, expect, it } from 'vitest';
import type { LoadGenerator, LoadPoll, LoadRecord } from '../../src/engines/engine.js';
import { MockLoad, type MockLoadPlan } from '../../src/engines/mock/mock-load.js';
import { type ClosedLoopOptions, runClosedLoop } from '../../src/measure/load/closed-loop.js';
import { closedLoopPoint } from '../../src/measure/load/load-point.js';
import { isStable, summarizeWindow } from '../../src/measure/load/windows.js';
import type { LoadProtocol, LoadWindow } from '../../src/results/schema.js';
import { percentileOf } from '../../src/stats/latency-percentiles.js';

const PROTOCOL: LoadProtocol = { windowMs: 100, minWindowRequests: 10, stabilityPct: 10, stableWindows: 3, maxWindows: 10 };
const options = (lanes: number, extra: Partial<ClosedLoopOptions> = {}): ClosedLoopOptions => ({
  ...PROTOCOL,
  warmupMs: 20,
  warmupIterations: 2,
  maxTimeMs: 10_000,
  lanes,
  ...extra,
});

function mockLoad(lanes: number, plan: MockLoadPlan): MockLoad {
  return new MockLoad({
    plan,
    lanes,
    sessions: Array.from({ length: lanes }, () => ({ createMs: 1, firstRunMs: 2 })),
    firstOutputs: {},
    execution: { requested: 'mock:cpu', actual: 'mock:cpu', fallback: false, notes: [] },
  });
}

async function measure(lanes: number, plan: MockLoadPlan, batch = 1) {
  const outcome = await runClosedLoop(mockLoad(lanes, plan), options(lanes));
  const { point, reported } = closedLoopPoint({
    outcome,
    protocol: PROTOCOL,
    concurrency: lanes,
    mode: 'sessions',
    sessions: lanes,
    batch,
    sessionSetup: [],
    notes: [],
  });
  return { outcome, point, reported };
}

describe('closed loop on a deterministic queue (k servers, fixed service time)', () => {
  it('N <= k: every request takes the service time and throughput is N / s', async () => {
    const { outcome, point } = await measure(2, { servers: 4, serviceMs: [2] }, 8);
    expect(outcome.stop).toBe('stable');
    expect(outcome.windows).toHaveLength(3);
    expect(outcome.originMs).toBe(20);
    expect(outcome.windows.map((w) => [w.startMs, w.endMs, w.records.length])).toEqual([
      [20, 120, 100],
      [120, 220, 100],
      [220, 320, 100],
    ]);
    expect(point.inferencesPerS).toBe(1000);
    expect(point.samplesPerS).toBe(8000);
    // 300 requests bound the CI of p50 and p90 on both sides, not that of p99 or p99.9
    for (const p of point.latency) expect(p).toEqual({ p: p.p, ms: 2, ciLowMs: 2, ciHighMs: 2, ciBounded: p.p <= 90 });
    expect(point.reportedWindows).toBe(3);
    expect(point.stability.stable).toBe(true);
  });

  it('N = m k: the servers saturate at k / s and each request waits, N s / k in all', async () => {
    const { point, reported } = await measure(8, { servers: 2, serviceMs: [2] });
    expect(point.inferencesPerS).toBe(1000);
    expect(new Set(reported.latenciesMs)).toEqual(new Set([8]));
    expect(percentileOf(point.latency, 99).ms).toBe(8);
    // Little's law: in flight = throughput x latency = 1000/s x 8 ms = 8
    expect(point.inferencesPerS * (8 / 1000)).toBe(8);
  });

  it('percentiles of a known mix: lanes at 1 ms and 4 ms without queueing', async () => {
    const { point, outcome } = await measure(2, { servers: 2, serviceMs: [1, 4] });
    // per 100 ms window: 100 requests of 1 ms and 25 of 4 ms
    expect(outcome.windows.map((w) => w.records.length)).toEqual([125, 125, 125]);
    expect(point.inferencesPerS).toBe(1250);
    expect(percentileOf(point.latency, 50).ms).toBe(1);
    // 375 requests, 300 of 1 ms: p90 sits among the 4 ms ones
    expect(percentileOf(point.latency, 90).ms).toBe(4);
    expect(percentileOf(point.latency, 90).ciLowMs).toBe(4);
    expect(point.windows.map((w) => w.meanMs)).toEqual([1.6, 1.6, 1.6]);
  });

  it('keeps every reported request in start order, times from the end of the warm-up', async () => {
    const { point } = await measure(2, { servers: 1, serviceMs: [5] });
    const r = point.requests!;
    expect(r.startMs.length).toBe(r.endMs.length);
    expect([...r.startMs]).toEqual([...r.startMs].sort((a, b) => a - b));
    // one server: requests alternate lanes and never overlap in service
    expect(r.lane.every((lane, i) => i === 0 || lane !== r.lane[i - 1])).toBe(true);
    expect(Math.min(...r.endMs.map((e, i) => e - r.startMs[i]!))).toBe(10);
    expect(point.inferencesPerS).toBe(200);
  });
});

/** A single lane whose service time alternates between 1 ms and 2 ms every `periodMs`: never stable. */
class Drifting implements LoadGenerator {
  readonly sessions = [{ createMs: 0, firstRunMs: 0 }];
  readonly firstOutputs = {};
  readonly notes = [];
  private now = 0;
  private busyUntil = 0;
  constructor(private readonly periodMs: number) {}
  execution() {
    return { requested: 'x', actual: 'x', fallback: false, notes: [] };
  }
  async start() {
    return 0;
  }
  async poll(): Promise<LoadPoll> {
    const until = this.now + 10;
    const records: LoadRecord[] = [];
    while (this.busyUntil + (Math.floor(this.busyUntil / this.periodMs) % 2 === 0 ? 1 : 2) <= until) {
      const s = Math.floor(this.busyUntil / this.periodMs) % 2 === 0 ? 1 : 2;
      records.push({ lane: 0, startMs: this.busyUntil, endMs: this.busyUntil + s });
      this.busyUntil += s;
    }
    this.now = until;
    return { records, nowMs: until };
  }
  async stop() {}
  async close() {}
}

describe('caps', () => {
  it('gives up after maxWindows when throughput keeps moving', async () => {
    const outcome = await runClosedLoop(new Drifting(100), options(1));
    expect(outcome.stop).toBe('max-windows');
    expect(outcome.stable).toBe(false);
    expect(outcome.windows).toHaveLength(10);
  });

  it('stops at the time cap with the open window kept', async () => {
    const outcome = await runClosedLoop(new Drifting(100), options(1, { maxTimeMs: 250 }));
    expect(outcome.stop).toBe('max-time');
    expect(outcome.windows.map((w) => w.endMs - w.startMs)).toEqual([100, 100, 50]);
  });
});

describe('isStable (perf_analyzer: max/min of the last 3 windows within 10%)', () => {
  const w = (inferencesPerS: number, meanMs: number): LoadWindow => ({
    startMs: 0,
    endMs: 1,
    requests: 1,
    inferencesPerS,
    meanMs,
    p50Ms: meanMs,
    p99Ms: meanMs,
  });
  it('holds at exactly 10% and fails just past it, on throughput and on latency', () => {
    expect(isStable([w(100, 1), w(110, 1), w(105, 1)], PROTOCOL)).toBe(true);
    expect(isStable([w(100, 1), w(110.1, 1), w(105, 1)], PROTOCOL)).toBe(false);
    expect(isStable([w(100, 1), w(100, 1.11), w(100, 1)], PROTOCOL)).toBe(false);
  });
  it('looks at the last 3 windows only, and needs 3', () => {
    expect(isStable([w(10, 9), w(100, 1), w(100, 1), w(100, 1)], PROTOCOL)).toBe(true);
    expect(isStable([w(100, 1), w(100, 1)], PROTOCOL)).toBe(false);
  });
  it('never calls a window without requests stable', () => {
    const empty = summarizeWindow({ startMs: 0, endMs: 10, records: [] });
    expect(empty.inferencesPerS).toBe(0);
    expect(isStable([empty, empty, empty], PROTOCOL)).toBe(false);
  });
});
