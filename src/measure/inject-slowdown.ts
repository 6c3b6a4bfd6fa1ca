/**
 * A real, calibrated slowdown for measuring the gate's detection power (RunOptions.injectSlowdownPct):
 * each timed run busy-waits, inside the timed window, for pct% of that run's own duration.
 * Work is added, not numbers edited.
 */
import { performance } from 'node:perf_hooks';
import type { TimeBatch } from './sampler.js';

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* busy-wait: occupies the core like extra compute would */
  }
}

export function withInjectedSlowdown(timeOne: () => Promise<number>, pct: number): TimeBatch {
  return async (iterations) => {
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const t0 = performance.now();
      const ms = await timeOne();
      spin((ms * pct) / 100);
      times.push(performance.now() - t0);
    }
    return times;
  };
}
