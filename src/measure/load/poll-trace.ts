/**
 * Wraps a load generator to stamp every poll with this process's wall clock and CPU time (and
 * the worker's, for engines whose lanes run in another process), so CPU and GPU use can be
 * read for exactly the reported windows, whose edges are poll times.
 */
import { performance } from 'node:perf_hooks';
import type { LoadGenerator, LoadPoll } from '../../engines/engine.js';

export interface PollStamp {
  loadMs: number;
  wallMs: number;
  cpuMs: number;
  externalCpuMs: number | undefined;
}

const processCpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export function tracePolls(gen: LoadGenerator): { generator: LoadGenerator; stamps: PollStamp[] } {
  const stamps: PollStamp[] = [];
  const stamp = async (loadMs: number) => {
    stamps.push({ loadMs, wallMs: performance.now(), cpuMs: processCpuMs(), externalCpuMs: await gen.externalCpuMs?.() });
  };
  const generator: LoadGenerator = {
    sessions: gen.sessions,
    firstOutputs: gen.firstOutputs,
    notes: gen.notes,
    execution: () => gen.execution(),
    async start() {
      const t = await gen.start();
      await stamp(t);
      return t;
    },
    async poll(): Promise<LoadPoll> {
      const p = await gen.poll();
      await stamp(p.nowMs);
      return p;
    },
    stop: () => gen.stop(),
    close: () => gen.close(),
  };
  return { generator, stamps };
}

export interface Usage {
  wallMs: number;
  cpuMs: number;
  fromWallMs: number;
  toWallMs: number;
}

/** CPU and wall time between the polls at load times `fromMs` and `toMs` (window edges). */
export function usageBetween(stamps: readonly PollStamp[], fromMs: number, toMs: number): Usage | undefined {
  const from = stamps.find((s) => s.loadMs === fromMs);
  const to = stamps.find((s) => s.loadMs === toMs);
  if (!from || !to || to.wallMs <= from.wallMs) return undefined;
  const external = from.externalCpuMs !== undefined && to.externalCpuMs !== undefined ? to.externalCpuMs - from.externalCpuMs : 0;
  return { wallMs: to.wallMs - from.wallMs, cpuMs: to.cpuMs - from.cpuMs + external, fromWallMs: from.wallMs, toWallMs: to.wallMs };
}
