/**
 * A worker thread that owns one session of an in-process engine and runs one lane of a
 * closed loop on it: open, stage inputs, first run (reported), then requests back to back
 * while the control word says run. onnxruntime-node runs `run` synchronously on the calling
 * thread, so one session per thread is what puts N requests in flight at once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../../errors.js';
import { createEngine } from '../registry.js';
import { type LaneMessage, type LaneWorkerData, RUN, WAIT } from './lane-protocol.js';
import { openRing, pushRecord } from './lane-ring.js';
import { loadClock } from './load-clock.js';

async function main(d: LaneWorkerData): Promise<void> {
  const post = (m: LaneMessage) => parentPort!.postMessage(m);
  const engine = createEngine(d.instance);
  let phase: 'create' | 'first-run' | 'request' = 'create';
  try {
    const session = await engine.open(d.modelPath, d.backend, d.options);
    if (!session.request) throw new Error(`engine ${d.instance.kind} has no request() for closed-loop lanes`);
    await session.setInputs(d.inputSets);
    phase = 'first-run';
    const first = await session.runOnce(d.lane % d.inputSets.length);
    post({
      type: 'ready',
      createMs: session.createMs,
      firstRunMs: first.ms,
      ...(d.wantOutputs ? { outputs: first.outputs } : {}),
      execution: session.execution(),
    });
    const control = new Int32Array(d.control);
    Atomics.wait(control, 0, WAIT);
    phase = 'request';
    const ring = openRing(d.ring);
    const clock = loadClock(d.epoch);
    for (let i = d.lane; Atomics.load(control, 0) === RUN; i++) {
      const startMs = clock();
      await session.request(i % d.inputSets.length);
      pushRecord(ring, startMs, clock());
    }
    await session.close();
    post({ type: 'stopped' });
  } catch (e) {
    post({ type: 'error', phase, message: errorMessage(e) });
  } finally {
    await engine.dispose?.();
  }
}

void main(workerData as LaneWorkerData);
