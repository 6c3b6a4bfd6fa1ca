/**
 * `shared` mode for in-process engines: one session, N lanes on this thread, each awaiting
 * `request()` and issuing the next when it returns. What the session does with N calls in
 * flight is what gets measured: onnxruntime-node runs each call synchronously on the calling
 * thread (see the README's concurrency section), so the N calls queue behind one another.
 */
import type { Execution } from '../../results/schema.js';
import type { TensorMap } from '../../tensors.js';
import type { EngineSession, LoadGenerator, LoadPoll, LoadRecord } from '../engine.js';
import { IN_PROCESS_POLL_MS, loadClock, sleep } from './load-clock.js';

export interface SharedLanesInit {
  session: EngineSession;
  lanes: number;
  inputSets: number;
  firstRunMs: number;
  firstOutputs: TensorMap;
  notes: string[];
}

export class SharedLanes implements LoadGenerator {
  readonly sessions;
  readonly firstOutputs;
  readonly notes;
  private readonly clock = loadClock(process.hrtime.bigint());
  private running = false;
  private done: LoadRecord[] = [];
  private lanePromises: Array<Promise<void>> = [];

  constructor(private readonly init: SharedLanesInit) {
    if (!init.session.request) throw new Error('this session cannot take requests without timing them');
    this.sessions = [{ createMs: init.session.createMs, firstRunMs: init.firstRunMs }];
    this.firstOutputs = init.firstOutputs;
    this.notes = init.notes;
  }

  execution(): Execution {
    return this.init.session.execution();
  }

  async start(): Promise<number> {
    this.running = true;
    const t0 = this.clock();
    this.lanePromises = Array.from({ length: this.init.lanes }, (_, lane) => this.lane(lane));
    return t0;
  }

  private async lane(lane: number): Promise<void> {
    const request = this.init.session.request!.bind(this.init.session);
    // Lanes start on different input sets, so the sets rotate across requests in flight too.
    for (let i = lane; this.running; i++) {
      const startMs = this.clock();
      await request(i % this.init.inputSets);
      this.done.push({ lane, startMs, endMs: this.clock() });
    }
  }

  async poll(): Promise<LoadPoll> {
    await sleep(IN_PROCESS_POLL_MS);
    const nowMs = this.clock();
    const records = this.done;
    this.done = [];
    return { records, nowMs };
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.lanePromises);
  }

  async close(): Promise<void> {
    await this.init.session.close();
  }
}
