/**
 * The mock engine's closed loop on virtual time: a deterministic queue (queue-model.ts) whose
 * servers and service times tests plant through the environment of the measuring child:
 *   DNNPERF_MOCK_SERVERS="<model>=<k>,..."             parallel servers (default 1: a device that runs one request at a time)
 *   DNNPERF_MOCK_SERVICE_MS="<model>=<ms>[/<ms>...]"   service time per lane, cycling over the list
 *                                                      (default: the mock's base latency for the model and batch;
 *                                                      the first value is also concurrency 1's base latency)
 *   DNNPERF_MOCK_MAX_SESSIONS="<model>=<n>"            more sessions than n fail to open, as when a device is out of memory
 * Each poll advances the clock by POLL_MS; no real time passes.
 */
import type { Execution } from '../../results/schema.js';
import type { TensorMap } from '../../tensors.js';
import type { LoadGenerator, LoadPoll } from '../engine.js';
import { QueueModel } from './queue-model.js';

export const POLL_MS = 10;
export const DEFAULT_SERVERS = 1;

/** The value planted for `model` (or `*`) in a "<model>=<value>,..." knob. */
export function knob(text: string | undefined, model: string): string | undefined {
  const entries = new Map<string, string>();
  for (const part of (text ?? '').split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) entries.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return entries.get(model) ?? entries.get('*');
}

export interface MockLoadPlan {
  servers: number;
  /** Service time per lane (cycled), ms. */
  serviceMs: number[];
}

export function mockLoadPlan(model: string, baseMs: number, env: NodeJS.ProcessEnv = process.env): MockLoadPlan {
  const servers = Number(knob(env['DNNPERF_MOCK_SERVERS'], model) ?? DEFAULT_SERVERS);
  const service = knob(env['DNNPERF_MOCK_SERVICE_MS'], model)?.split('/').map(Number) ?? [baseMs];
  if (!Number.isInteger(servers) || servers < 1 || service.some((s) => !(s > 0))) {
    throw new Error(`mock engine: DNNPERF_MOCK_SERVERS / DNNPERF_MOCK_SERVICE_MS for ${model} must be a positive integer and positive times`);
  }
  return { servers, serviceMs: service };
}

/** Throws the planted out-of-memory failure when `sessions` exceeds DNNPERF_MOCK_MAX_SESSIONS. */
export function checkSessionLimit(model: string, sessions: number, env: NodeJS.ProcessEnv = process.env): void {
  const max = knob(env['DNNPERF_MOCK_MAX_SESSIONS'], model);
  if (max !== undefined && sessions > Number(max)) {
    throw new Error(`session ${Number(max) + 1} of ${sessions}: out of device memory (planted: DNNPERF_MOCK_MAX_SESSIONS=${model}=${max})`);
  }
}

export interface MockLoadInit {
  plan: MockLoadPlan;
  lanes: number;
  sessions: Array<{ createMs: number; firstRunMs: number }>;
  firstOutputs: TensorMap;
  execution: Execution;
}

export class MockLoad implements LoadGenerator {
  readonly sessions;
  readonly firstOutputs;
  readonly notes: string[];
  private readonly model: QueueModel;
  private running = false;

  constructor(private readonly init: MockLoadInit) {
    this.sessions = init.sessions;
    this.firstOutputs = init.firstOutputs;
    const { servers, serviceMs } = init.plan;
    this.notes = [`mock queue on virtual time: ${servers} server(s), service ${serviceMs.join('/')} ms per lane`];
    this.model = new QueueModel({ lanes: init.lanes, servers, serviceMs: (lane) => serviceMs[lane % serviceMs.length]! });
  }

  execution(): Execution {
    return this.init.execution;
  }

  async start(): Promise<number> {
    this.running = true;
    return this.model.now;
  }

  async poll(): Promise<LoadPoll> {
    const records = this.model.advance(this.model.now + POLL_MS, () => this.running);
    return { records, nowMs: this.model.now };
  }

  async stop(): Promise<void> {
    this.running = false;
  }

  async close(): Promise<void> {}
}
