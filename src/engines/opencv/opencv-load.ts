/**
 * OpenCV's closed loop: N Nets in the worker, each driven by a Python thread of its own
 * (worker.py `Load`; cv2 releases the GIL in forward). The Nets open and take their first
 * forward one after another (OpenCV's log capture redirects the process's stderr), then the
 * threads run until stopped; Node polls the records. The clock is the worker's.
 */
import { DnnperfError } from '../../errors.js';
import type { Execution } from '../../results/schema.js';
import type { TensorMap } from '../../tensors.js';
import type { LoadGenerator, LoadPoll, LoadRecord } from '../engine.js';
import { sleep } from '../lanes/load-clock.js';
import type { WorkerReply } from './protocol.js';
import type { OpenCvSession } from './session.js';
import type { WorkerClient } from './worker-client.js';

/** Poll interval, ms: each poll is one round trip to the worker. */
export const OPENCV_POLL_MS = 20;

export const OPENCV_SHARED_UNSUPPORTED =
  'cv::dnn::Net is not thread-safe: one Net cannot run several forward() calls at once; use --concurrency-mode sessions (N Nets in N threads)';

const NOTE = 'N cv::dnn::Net objects in one Python worker, one thread each: cv2 releases the GIL inside setInput and forward, so the forwards overlap';

type LoadReply = WorkerReply<'load_poll'>;

export class OpenCvLoad implements LoadGenerator {
  readonly notes = [NOTE];
  private cpuMs: number | undefined;

  constructor(
    private readonly worker: WorkerClient,
    private readonly nets: OpenCvSession[],
    readonly sessions: Array<{ createMs: number; firstRunMs: number }>,
    readonly firstOutputs: TensorMap,
  ) {}

  /** Opens `open()` N times; a Net that cannot be created or run fails the configuration, naming which. */
  static async open(worker: WorkerClient, count: number, open: () => Promise<OpenCvSession>, inputSets: TensorMap[]): Promise<OpenCvLoad> {
    const nets: OpenCvSession[] = [];
    const setup: Array<{ createMs: number; firstRunMs: number }> = [];
    let firstOutputs: TensorMap = {};
    try {
      for (let i = 0; i < count; i++) {
        const net = await open().catch((e: Error) => {
          throw new DnnperfError('E_ENGINE', `Net ${i + 1} of ${count}: ${e.message}`);
        });
        nets.push(net);
        await net.setInputs(inputSets);
        const first = await net.runOnce(i).catch((e: Error) => {
          throw new DnnperfError('E_ENGINE', `Net ${i + 1} of ${count}, first forward: ${e.message}`);
        });
        if (i === 0) firstOutputs = first.outputs;
        setup.push({ createMs: net.createMs, firstRunMs: first.ms });
      }
    } catch (e) {
      await Promise.all(nets.map((n) => n.close().catch(() => undefined)));
      throw e;
    }
    return new OpenCvLoad(worker, nets, setup, firstOutputs);
  }

  execution(): Execution {
    return this.nets[0]!.execution();
  }

  async start(): Promise<number> {
    const { reply } = await this.worker.request('load_start', { sessions: this.nets.map((n) => n.id) });
    return reply.nowMs;
  }

  async poll(): Promise<LoadPoll> {
    await sleep(OPENCV_POLL_MS);
    return this.records((await this.worker.request('load_poll', {})).reply);
  }

  async stop(): Promise<void> {
    this.records((await this.worker.request('load_stop', {})).reply);
  }

  async externalCpuMs(): Promise<number | undefined> {
    return this.cpuMs;
  }

  async close(): Promise<void> {
    await Promise.all(this.nets.map((n) => n.close()));
  }

  private records(h: LoadReply): LoadPoll {
    if (h.errors.length > 0) throw new DnnperfError('E_ENGINE', h.errors[0]!);
    this.cpuMs = h.cpuMs;
    const records: LoadRecord[] = h.records.map(([lane, startMs, endMs]) => ({ lane, startMs, endMs }));
    records.sort((a, b) => a.endMs - b.endMs);
    return { records, nowMs: h.nowMs };
  }
}
