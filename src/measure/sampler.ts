/**
 * Adaptive sampling on tinybench: rounds of a tinybench task whose every iteration asks the
 * engine for a batch of timed runs. The engine's own per-run times are kept in run order
 * (tinybench keeps only sorted samples), and after each round the stop rule is checked:
 * the median's 95% CI half-width under target with minimum samples and time met, or a cap.
 * Elapsed time counts measured time (so the seeded mock engine, whose time is synthetic,
 * behaves exactly like a real one), with the wall clock as a guard for the cap.
 */
import { performance } from 'node:perf_hooks';
import { Bench } from 'tinybench';
import type { OkResult, ProtocolOptions } from '../results/schema.js';
import { summarize } from '../stats/summary.js';

export type TimeBatch = (iterations: number) => Promise<number[]>;

/** Wall time of one tinybench round: short, so the stop rule is checked often. */
const ROUND_MS = 200;

export interface SampleOutcome {
  samplesMs: number[];
  stop: OkResult['stop'];
}

export type SamplerOptions = Pick<ProtocolOptions, 'minSamples' | 'maxSamples' | 'minTimeMs' | 'maxTimeMs' | 'targetRelCiHalfWidth'> & {
  /** Runs per engine call: 1 in process; more for a worker, so IPC is not paid per run. */
  batchIterations: number;
};

function stopReason(samples: number[], sampledMs: number, wallMs: number, o: SamplerOptions): OkResult['stop']['reason'] | undefined {
  if (samples.length >= o.maxSamples) return 'max-samples';
  if (samples.length >= o.minSamples && sampledMs >= o.minTimeMs && summarize(samples).relCiHalfWidth <= o.targetRelCiHalfWidth) {
    return 'target-precision';
  }
  if (Math.max(sampledMs, wallMs) >= o.maxTimeMs) return 'max-time';
  return undefined;
}

export async function sampleAdaptively(timeBatch: TimeBatch, o: SamplerOptions): Promise<SampleOutcome> {
  const samplesMs: number[] = [];
  let sampledMs = 0;
  const wall0 = performance.now();
  for (;;) {
    const bench = new Bench({ time: ROUND_MS, iterations: 1, warmup: false, throws: true });
    bench.add('configuration', async () => {
      const times = await timeBatch(o.batchIterations);
      const total = times.reduce((a, b) => a + b, 0);
      samplesMs.push(...times);
      sampledMs += total;
      return { overriddenDuration: total / times.length, overriddenIterationCost: total };
    });
    await bench.run();
    const reason = stopReason(samplesMs, sampledMs, performance.now() - wall0, o);
    if (reason) return { samplesMs, stop: { reason, targetRelCiHalfWidth: o.targetRelCiHalfWidth, sampledMs } };
  }
}

/** Runs for at least `ms` of measured time; returns the time measured. */
export async function warmFor(timeBatch: TimeBatch, ms: number, batchIterations: number): Promise<number> {
  let spent = 0;
  while (spent < ms) spent += (await timeBatch(batchIterations)).reduce((a, b) => a + b, 0);
  return spent;
}

/** A warm-up window for the stability rule: at least this much measured time... */
export const WARMUP_WINDOW_MS = 100;
/** ...and at least this many runs. */
export const WARMUP_WINDOW_RUNS = 10;

export interface WarmUpOptions {
  /** At least this many runs... */
  iterations: number;
  /** ...and at least this much measured time, ms. */
  ms: number;
  batchIterations: number;
  /**
   * Then, until the median of the latest window is within this share of the window before it
   * (the rate has stopped changing: caches, the allocator, clocks); absent or 0: no such rule.
   */
  stableTolerance?: number;
  /** The stability rule gives up at this much measured warm-up, ms (the result then says not stable). */
  maxMs?: number;
}

const medianOf = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The last runs whose measured time reaches a window, counting back from `end`. */
function windowBefore(times: readonly number[], end: number): number[] | undefined {
  let sum = 0;
  for (let i = end - 1; i >= 0; i--) {
    sum += times[i]!;
    if (sum >= WARMUP_WINDOW_MS && end - i >= WARMUP_WINDOW_RUNS) return times.slice(i, end);
  }
  return undefined;
}

/**
 * Warm-up: at least `iterations` runs AND at least `ms` of measured time, then, with a
 * stability tolerance, on until two consecutive windows agree or `maxMs` is reached.
 */
export async function warmUp(timeBatch: TimeBatch, o: WarmUpOptions): Promise<{ iterations: number; ms: number; stable?: boolean }> {
  const times: number[] = [];
  let spent = 0;
  const more = async () => {
    const t = await timeBatch(o.batchIterations);
    times.push(...t);
    spent += t.reduce((a, b) => a + b, 0);
  };
  while (times.length < o.iterations || spent < o.ms) await more();
  if (!o.stableTolerance) return { iterations: times.length, ms: spent };
  const cap = Math.max(o.maxMs ?? Infinity, o.ms);
  for (;;) {
    const last = windowBefore(times, times.length);
    const prev = last && windowBefore(times, times.length - last.length);
    if (last && prev && Math.abs(medianOf(last) / medianOf(prev) - 1) <= o.stableTolerance) return { iterations: times.length, ms: spent, stable: true };
    if (spent >= cap) return { iterations: times.length, ms: spent, stable: false };
    await more();
  }
}
