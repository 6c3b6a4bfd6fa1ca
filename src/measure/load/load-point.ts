/**
 * The throughput point of a configuration: from a closed loop's reported windows
 * (concurrency > 1), or from the sequential protocol's samples (concurrency 1, where the
 * samples and their statistics are exactly what a run without a concurrency axis records).
 */
import type { LoadRecord } from '../../engines/engine.js';
import type { ConcurrencyMode, LoadPoint, LoadProtocol } from '../../results/schema.js';
import { latencyPercentiles } from '../../stats/latency-percentiles.js';
import type { ClosedLoopOutcome } from './closed-loop.js';
import { latencyOf, stabilityRule, summarizeWindow } from './windows.js';

/** Times kept to 0.1 us: plenty for latencies, and half the bytes of full doubles in results.jsonl. */
const round = (ms: number): number => Math.round(ms * 1e4) / 1e4;

export interface ReportedRequests {
  /** The reported windows' requests in start order, times from the end of the warm-up. */
  records: LoadRecord[];
  /** Their latencies in completion order (the result's samplesMs). */
  latenciesMs: number[];
  startMs: number;
  endMs: number;
}

/** The last `stableWindows` windows (all of them when fewer were measured), merged. */
export function reportedRequests(outcome: ClosedLoopOutcome, p: Pick<LoadProtocol, 'stableWindows'>): ReportedRequests {
  const reported = outcome.windows.slice(-p.stableWindows);
  const ended = reported.flatMap((w) => w.records).sort((a, b) => a.endMs - b.endMs);
  const shift = (r: LoadRecord): LoadRecord => ({ lane: r.lane, startMs: round(r.startMs - outcome.originMs), endMs: round(r.endMs - outcome.originMs) });
  return {
    records: ended.map(shift).sort((a, b) => a.startMs - b.startMs || a.lane - b.lane),
    latenciesMs: ended.map((r) => round(latencyOf(r))),
    startMs: reported[0]?.startMs ?? outcome.originMs,
    endMs: reported.at(-1)?.endMs ?? outcome.originMs,
  };
}

export interface ClosedLoopPointInput {
  outcome: ClosedLoopOutcome;
  protocol: LoadProtocol;
  concurrency: number;
  mode: ConcurrencyMode;
  sessions: number;
  batch: number;
  sessionSetup: Array<{ createMs: number; firstRunMs: number }>;
  notes: string[];
}

export function closedLoopPoint(i: ClosedLoopPointInput): { point: LoadPoint; reported: ReportedRequests } {
  const reported = reportedRequests(i.outcome, i.protocol);
  if (reported.latenciesMs.length === 0) throw new Error('no request completed in the measured windows');
  const inferencesPerS = (reported.latenciesMs.length * 1000) / (reported.endMs - reported.startMs);
  const shiftWindow = (w: ReturnType<typeof summarizeWindow>) => ({
    ...w,
    startMs: round(w.startMs - i.outcome.originMs),
    endMs: round(w.endMs - i.outcome.originMs),
  });
  return {
    reported,
    point: {
      concurrency: i.concurrency,
      mode: i.mode,
      sessions: i.sessions,
      inferencesPerS,
      samplesPerS: inferencesPerS * i.batch,
      latency: latencyPercentiles(reported.latenciesMs),
      windows: i.outcome.windows.map((w) => shiftWindow(summarizeWindow(w))),
      reportedWindows: Math.min(i.protocol.stableWindows, i.outcome.windows.length),
      stability: { rule: stabilityRule(i.protocol), stable: i.outcome.stable },
      requests: {
        lane: reported.records.map((r) => r.lane),
        startMs: reported.records.map((r) => r.startMs),
        endMs: reported.records.map((r) => r.endMs),
      },
      sessionSetup: i.sessionSetup,
      notes: i.notes,
    },
  };
}

/**
 * Concurrency 1: the sequential protocol's samples. One request in flight and nothing else
 * running, so inferences/s is samples over the time they took (the harness's gaps between
 * runs, a few microseconds each, are not counted).
 */
export function sequentialPoint(samplesMs: readonly number[], batch: number, stable: boolean): LoadPoint {
  const totalMs = samplesMs.reduce((a, b) => a + b, 0);
  const inferencesPerS = (samplesMs.length * 1000) / totalMs;
  return {
    concurrency: 1,
    mode: 'sequential',
    sessions: 1,
    inferencesPerS,
    samplesPerS: inferencesPerS * batch,
    latency: latencyPercentiles(samplesMs),
    windows: [],
    reportedWindows: 0,
    stability: { rule: "the sequential protocol's stop rule: the median's 95% CI within the target (else a cap)", stable },
    notes: [],
  };
}
