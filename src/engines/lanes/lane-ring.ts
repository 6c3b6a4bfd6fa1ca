/**
 * A single-producer, single-consumer ring of completed requests in shared memory: a lane's
 * worker thread writes (start, end) pairs and bumps `written`; the closed loop's thread reads
 * up to `written` and bumps `consumed`. No message per request, so a fast model's lanes never
 * wait on the measuring thread. A full ring makes the lane wait (it never drops a request).
 */
export const RING_CAPACITY = 1 << 16;

const WRITTEN = 0;
const CONSUMED = 1;

export interface LaneRing {
  header: Int32Array;
  times: Float64Array;
}

export function createRing(): SharedArrayBuffer[] {
  return [new SharedArrayBuffer(8), new SharedArrayBuffer(RING_CAPACITY * 2 * 8)];
}

export function openRing([header, times]: SharedArrayBuffer[]): LaneRing {
  return { header: new Int32Array(header!), times: new Float64Array(times!) };
}

/** Producer side: waits while the ring is full. */
export function pushRecord(ring: LaneRing, startMs: number, endMs: number): void {
  const written = Atomics.load(ring.header, WRITTEN);
  for (;;) {
    const consumed = Atomics.load(ring.header, CONSUMED);
    if (written - consumed < RING_CAPACITY) break;
    Atomics.wait(ring.header, CONSUMED, consumed, 1);
  }
  const slot = (written % RING_CAPACITY) * 2;
  ring.times[slot] = startMs;
  ring.times[slot + 1] = endMs;
  // The store publishes the pair: the reader loads `written` first.
  Atomics.store(ring.header, WRITTEN, written + 1);
}

/** Consumer side: every pair written so far. */
export function drainRecords(ring: LaneRing, onRecord: (startMs: number, endMs: number) => void): void {
  const written = Atomics.load(ring.header, WRITTEN);
  const consumed = Atomics.load(ring.header, CONSUMED);
  for (let i = consumed; i < written; i++) {
    const slot = (i % RING_CAPACITY) * 2;
    onRecord(ring.times[slot]!, ring.times[slot + 1]!);
  }
  Atomics.store(ring.header, CONSUMED, written);
  Atomics.notify(ring.header, CONSUMED);
}
