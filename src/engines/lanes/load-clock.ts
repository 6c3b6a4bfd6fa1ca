/**
 * The clock of an in-process closed loop: CLOCK_MONOTONIC through process.hrtime, which every
 * worker thread of the process shares (performance.now() does not: each thread has its own
 * time origin). Milliseconds from an epoch the generator picks.
 */
export function loadClock(epoch: bigint): () => number {
  return () => Number(process.hrtime.bigint() - epoch) / 1e6;
}

/** How often an in-process generator hands completed requests to the closed loop, ms. */
export const IN_PROCESS_POLL_MS = 10;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
