import { describe, expect, it } from 'vitest';
import { type SamplerOptions, sampleAdaptively, warmUp } from '../../src/measure/sampler.js';

const base: SamplerOptions = {
  minSamples: 30,
  maxSamples: 10_000,
  minTimeMs: 100,
  maxTimeMs: 10_000,
  targetRelCiHalfWidth: 0.01,
  batchIterations: 1,
};

/** A fake engine whose n-th run takes `f(n)` ms: no time passes, so every count is exact. */
function fakeTimer(f: (n: number) => number) {
  let n = 0;
  const calls: number[] = [];
  return {
    calls,
    time: async (k: number) => {
      calls.push(k);
      return Array.from({ length: k }, () => f(n++));
    },
  };
}

describe('sampleAdaptively', () => {
  it('stops at the target precision once minimum samples and time are met', async () => {
    const t = fakeTimer(() => 2); // constant: the CI has zero width at once
    const out = await sampleAdaptively(t.time, base);
    expect(out.stop.reason).toBe('target-precision');
    // 100 ms of measured time at 2 ms a run needs at least 50 runs (more than minSamples)
    expect(out.samplesMs.length).toBeGreaterThanOrEqual(50);
    expect(out.stop.sampledMs).toBe(out.samplesMs.length * 2);
  });

  it('keeps samples in run order (tinybench sorts its own)', async () => {
    const t = fakeTimer((n) => 10 - (n % 7));
    const out = await sampleAdaptively(t.time, { ...base, maxSamples: 40, targetRelCiHalfWidth: 1e-9 });
    expect(out.samplesMs.slice(0, 8)).toEqual([10, 9, 8, 7, 6, 5, 4, 10]);
  });

  it('stops at the time cap when the data never gets precise enough', async () => {
    const t = fakeTimer((n) => (n % 2 === 0 ? 1 : 3)); // bimodal: the median's CI stays wide
    const out = await sampleAdaptively(t.time, { ...base, maxTimeMs: 500 });
    expect(out.stop.reason).toBe('max-time');
    expect(out.stop.sampledMs).toBeGreaterThanOrEqual(500);
  });

  it('stops at the sample cap', async () => {
    const t = fakeTimer((n) => (n % 2 === 0 ? 1 : 3));
    const out = await sampleAdaptively(t.time, { ...base, maxSamples: 64 });
    expect(out.stop.reason).toBe('max-samples');
    expect(out.samplesMs.length).toBeGreaterThanOrEqual(64);
  });

  it('asks a worker engine for batches, not single runs', async () => {
    const t = fakeTimer(() => 1);
    await sampleAdaptively(t.time, { ...base, batchIterations: 16 });
    expect(new Set(t.calls)).toEqual(new Set([16]));
  });
});

describe('warmUp', () => {
  it('runs until both the count and the time are met', async () => {
    const byCount = fakeTimer(() => 100);
    expect(await warmUp(byCount.time, { iterations: 10, ms: 50, batchIterations: 1 })).toEqual({ iterations: 10, ms: 1000 });
    const byTime = fakeTimer(() => 1);
    expect(await warmUp(byTime.time, { iterations: 10, ms: 50, batchIterations: 1 })).toEqual({ iterations: 50, ms: 50 });
  });

  it('with a stability tolerance, goes on until two windows of 100 ms agree: a rate that settles after 400 runs', async () => {
    // 2 ms a run falling to 1 ms over the first 400 runs, then flat.
    let i = 0;
    const settling = fakeTimer(() => (i++ < 400 ? 2 - i / 400 : 1));
    const w = await warmUp(settling.time, { iterations: 10, ms: 50, batchIterations: 1, stableTolerance: 0.02, maxMs: 5000 });
    expect(w.stable).toBe(true);
    expect(w.iterations).toBeGreaterThan(400);
    expect(w.iterations).toBeLessThan(700);
  });

  it('a steady rate needs no more than its minimum plus the windows; one that never settles stops at the cap', async () => {
    const steady = await warmUp(fakeTimer(() => 1).time, { iterations: 10, ms: 200, batchIterations: 1, stableTolerance: 0.02, maxMs: 5000 });
    expect(steady).toEqual({ iterations: 200, ms: 200, stable: true });
    let k = 0;
    const drifting = await warmUp(fakeTimer(() => 1 + 0.001 * k++).time, { iterations: 10, ms: 50, batchIterations: 1, stableTolerance: 0.001, maxMs: 300 });
    expect(drifting.stable).toBe(false);
    expect(drifting.ms).toBeGreaterThanOrEqual(300);
  });
});
