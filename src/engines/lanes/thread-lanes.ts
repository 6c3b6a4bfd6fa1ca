/**
 * `sessions` mode for in-process engines: N worker threads, each with its own session and one
 * request in flight (lane-worker.ts). Sessions open in parallel; one that cannot be created
 * (out of memory, say) fails the whole configuration with its reason. Completed requests come
 * back through shared-memory rings (lane-ring.ts), drained every poll.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DnnperfError } from '../../errors.js';
import type { Execution } from '../../results/schema.js';
import type { TensorMap } from '../../tensors.js';
import type { BackendTarget, EngineInstance, LoadGenerator, LoadPoll, LoadRecord, OpenOptions } from '../engine.js';
import { type LaneMessage, type LaneWorkerData, RUN, STOP } from './lane-protocol.js';
import { createRing, drainRecords, type LaneRing, openRing } from './lane-ring.js';
import { IN_PROCESS_POLL_MS, loadClock, sleep } from './load-clock.js';

/**
 * The worker's entry: the compiled .js beside this module, or, running from TypeScript sources
 * (tests), a bootstrap that registers tsx in the thread first (`--import tsx` in a worker's
 * execArgv does not reach its module loader on Node 20).
 */
function laneWorkerEntry(): URL {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(`./lane-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  if (!existsSync(fileURLToPath(url))) throw new Error(`closed-loop lane worker missing at ${fileURLToPath(url)}: run npm run build`);
  if (!fromSource) return url;
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(url.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
}

export interface ThreadLanesInit {
  instance: EngineInstance;
  modelPath: string;
  backend: BackendTarget;
  options: OpenOptions;
  inputSets: TensorMap[];
  lanes: number;
  notes: string[];
}

interface Lane {
  worker: Worker;
  ring: LaneRing;
  next: () => Promise<LaneMessage>;
}

/** A lane's messages as a queue: `next()` resolves with the next one (or the thread's death). */
function messages(worker: Worker): () => Promise<LaneMessage> {
  const queue: LaneMessage[] = [];
  const waiting: Array<(m: LaneMessage) => void> = [];
  const deliver = (m: LaneMessage) => {
    const w = waiting.shift();
    if (w) w(m);
    else queue.push(m);
  };
  worker.on('message', deliver);
  worker.on('error', (e) => deliver({ type: 'error', phase: 'request', message: e.message }));
  worker.on('exit', (code) => deliver({ type: 'error', phase: 'request', message: `lane thread exited with code ${code}` }));
  return () => (queue.length > 0 ? Promise.resolve(queue.shift()!) : new Promise((resolve) => waiting.push(resolve)));
}

export class ThreadLanes implements LoadGenerator {
  readonly notes: string[];
  private readonly clock: () => number;

  private constructor(
    private readonly lanes: Lane[],
    private readonly control: Int32Array,
    epoch: bigint,
    readonly sessions: Array<{ createMs: number; firstRunMs: number }>,
    readonly firstOutputs: TensorMap,
    private readonly exec: Execution,
    notes: string[],
  ) {
    this.clock = loadClock(epoch);
    this.notes = notes;
  }

  static async open(init: ThreadLanesInit): Promise<ThreadLanes> {
    const entry = laneWorkerEntry();
    const epoch = process.hrtime.bigint();
    const controlBuffer = new SharedArrayBuffer(4);
    const lanes: Lane[] = Array.from({ length: init.lanes }, (_, lane) => {
      const ringBuffers = createRing();
      const data: LaneWorkerData = {
        instance: init.instance,
        modelPath: init.modelPath,
        backend: init.backend,
        options: init.options,
        inputSets: init.inputSets,
        lane,
        epoch,
        ring: ringBuffers,
        control: controlBuffer,
        wantOutputs: lane === 0,
      };
      const worker = new Worker(entry, { workerData: data });
      return { worker, ring: openRing(ringBuffers), next: messages(worker) };
    });
    const ready = await Promise.all(lanes.map((l) => l.next()));
    const failed = ready.findIndex((m) => m.type !== 'ready');
    if (failed >= 0) {
      await Promise.all(lanes.map((l) => l.worker.terminate()));
      const m = ready[failed] as Extract<LaneMessage, { type: 'error' }>;
      throw new DnnperfError('E_ENGINE', `session ${failed + 1} of ${init.lanes} (${m.phase}): ${m.message}`);
    }
    const oks = ready as Array<Extract<LaneMessage, { type: 'ready' }>>;
    return new ThreadLanes(
      lanes,
      new Int32Array(controlBuffer),
      epoch,
      oks.map((m) => ({ createMs: m.createMs, firstRunMs: m.firstRunMs })),
      oks[0]!.outputs ?? {},
      oks[0]!.execution,
      init.notes,
    );
  }

  execution(): Execution {
    return this.exec;
  }

  async start(): Promise<number> {
    const t0 = this.clock();
    Atomics.store(this.control, 0, RUN);
    Atomics.notify(this.control, 0);
    return t0;
  }

  async poll(): Promise<LoadPoll> {
    await sleep(IN_PROCESS_POLL_MS);
    const nowMs = this.clock();
    const records: LoadRecord[] = [];
    this.lanes.forEach((l, lane) => drainRecords(l.ring, (startMs, endMs) => records.push({ lane, startMs, endMs })));
    records.sort((a, b) => a.endMs - b.endMs);
    return { records, nowMs };
  }

  async stop(): Promise<void> {
    Atomics.store(this.control, 0, STOP);
    Atomics.notify(this.control, 0);
    const ends = await Promise.all(
      this.lanes.map(async (l) => {
        const end = l.next();
        // Keep draining while the lane finishes its last request, so a full ring cannot block it.
        for (;;) {
          const m = await Promise.race([end, sleep(IN_PROCESS_POLL_MS).then(() => undefined)]);
          drainRecords(l.ring, () => undefined);
          if (m) return m;
        }
      }),
    );
    const failed = ends.findIndex((m) => m.type === 'error');
    if (failed >= 0) throw new DnnperfError('E_ENGINE', `lane ${failed}: ${(ends[failed] as Extract<LaneMessage, { type: 'error' }>).message}`);
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.worker.terminate()));
  }
}
