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
import { summarize } from '../stats/summary.js';
import type { OkResult, ProtocolOptions } from '../results/schema.js';

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

/** Warm-up: at least `iterations` runs AND at least `ms` of measured time. */
export async function warmUp(timeBatch: TimeBatch, iterations: number, ms: number, batchIterations: number) {
  let done = 0;
  let spent = 0;
  while (done < iterations || spent < ms) {
    const times = await timeBatch(batchIterations);
    done += times.length;
    spent += times.reduce((a, b) => a + b, 0);
  }
  return { iterations: done, ms: spent };
}
