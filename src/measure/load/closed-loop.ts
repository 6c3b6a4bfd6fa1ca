/**
 * Drives a load generator (N requests in flight) through warm-up and measurement windows
 * until the stability rule holds (src/measure/load/windows.ts) or a cap. Works on the
 * generator's own clock, so the seeded mock's virtual time behaves exactly like a real clock.
 */
import type { LoadGenerator, LoadRecord } from '../../engines/engine.js';
import type { LoadProtocol, OkResult, ProtocolOptions } from '../../results/schema.js';
import { isStable, type MeasuredWindow, summarizeWindow } from './windows.js';

export type ClosedLoopOptions = LoadProtocol &
  Pick<ProtocolOptions, 'warmupMs' | 'warmupIterations' | 'maxTimeMs'> & {
    /** Lanes the generator runs: warm-up waits until every lane has done warmupIterations. */
    lanes: number;
  };

export interface ClosedLoopOutcome {
  warmup: { iterations: number; ms: number };
  /** Load-clock time at the end of the warm-up: windows start there. */
  originMs: number;
  /** Every measured window, in order. */
  windows: MeasuredWindow[];
  stop: Extract<OkResult['stop']['reason'], 'stable' | 'max-time' | 'max-windows'>;
  stable: boolean;
}

export class LaneStalledError extends Error {}

/** Warm-up: at least warmupMs, and every lane at least warmupIterations requests. */
async function warmUp(gen: LoadGenerator, startMs: number, o: ClosedLoopOptions): Promise<{ nowMs: number; iterations: number }> {
  const perLane = new Array<number>(o.lanes).fill(0);
  let iterations = 0;
  for (;;) {
    const { records, nowMs } = await gen.poll();
    for (const r of records) perLane[r.lane] = (perLane[r.lane] ?? 0) + 1;
    iterations += records.length;
    const elapsed = nowMs - startMs;
    if (elapsed >= o.warmupMs && perLane.every((n) => n >= o.warmupIterations)) return { nowMs, iterations };
    // A lane that never returns would hold the warm-up forever: give up at the measuring cap.
    if (elapsed > o.warmupMs + o.maxTimeMs) {
      const slow = perLane.findIndex((n) => n < o.warmupIterations);
      throw new LaneStalledError(
        `lane ${slow} completed ${perLane[slow]} of ${o.warmupIterations} warm-up requests in ${Math.round(elapsed)} ms: raise --max-time for a model this slow at this concurrency`,
      );
    }
  }
}

export async function runClosedLoop(gen: LoadGenerator, o: ClosedLoopOptions): Promise<ClosedLoopOutcome> {
  const startMs = await gen.start();
  try {
    const warm = await warmUp(gen, startMs, o);
    const originMs = warm.nowMs;
    const windows: MeasuredWindow[] = [];
    const summaries: ReturnType<typeof summarizeWindow>[] = [];
    let pending: LoadRecord[] = [];
    let windowStart = originMs;
    let previousPoll = originMs;
    const close = (endMs: number) => {
      const records = pending.filter((r) => r.endMs < endMs);
      pending = pending.filter((r) => r.endMs >= endMs);
      const w = { startMs: windowStart, endMs, records };
      windows.push(w);
      summaries.push(summarizeWindow(w));
      windowStart = endMs;
    };
    for (;;) {
      const { records, nowMs } = await gen.poll();
      // Requests that ended during the warm-up but came back now stay out.
      for (const r of records) if (r.endMs >= originMs) pending.push(r);
      // Every request that ended before the previous poll has come back by now: a window
      // ending there is complete.
      const candidateEnd = previousPoll;
      previousPoll = nowMs;
      const inWindow = pending.filter((r) => r.endMs < candidateEnd).length;
      if (candidateEnd - windowStart >= o.windowMs && inWindow >= o.minWindowRequests) {
        close(candidateEnd);
        if (isStable(summaries, o)) return { warmup: { iterations: warm.iterations, ms: originMs - startMs }, originMs, windows, stop: 'stable', stable: true };
        if (windows.length >= o.maxWindows)
          return { warmup: { iterations: warm.iterations, ms: originMs - startMs }, originMs, windows, stop: 'max-windows', stable: false };
      }
      if (candidateEnd - originMs >= o.maxTimeMs) {
        // The window still open is measured time too: kept when it holds a request.
        if (inWindow > 0 && candidateEnd > windowStart) close(candidateEnd);
        return { warmup: { iterations: warm.iterations, ms: originMs - startMs }, originMs, windows, stop: 'max-time', stable: isStable(summaries, o) };
      }
    }
  } finally {
    await gen.stop();
  }
}
