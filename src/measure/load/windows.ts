/**
 * Measurement windows of a closed loop and the stability rule, as pure functions.
 *
 * The rule is Triton perf_analyzer's (`--stability-percentage`, docs/cli.md of
 * triton-inference-server/client): "the measurement is considered stable if the ratio of
 * max / min from the recent 3 measurements is within (stability percentage)% in terms of both
 * inferences per second and latency", default 10%, latency being the average latency unless
 * a percentile is asked for; it gives up after `--max-trials` (default 10) windows. Its
 * count windows last at least one second and hold at least 50 requests, as ours do.
 */
import { mean, quantileSorted } from 'simple-statistics';
import type { LoadRecord } from '../../engines/engine.js';
import type { LoadProtocol, LoadWindow } from '../../results/schema.js';

/** A window's requests: those that ended in [startMs, endMs). */
export interface MeasuredWindow {
  startMs: number;
  endMs: number;
  records: LoadRecord[];
}

export function latencyOf(r: LoadRecord): number {
  return r.endMs - r.startMs;
}

export function summarizeWindow(w: MeasuredWindow): LoadWindow {
  const latencies = w.records.map(latencyOf).sort((a, b) => a - b);
  const durationS = (w.endMs - w.startMs) / 1000;
  const empty = latencies.length === 0;
  return {
    startMs: w.startMs,
    endMs: w.endMs,
    requests: latencies.length,
    inferencesPerS: durationS > 0 ? latencies.length / durationS : 0,
    meanMs: empty ? NaN : mean(latencies),
    p50Ms: empty ? NaN : quantileSorted(latencies, 0.5),
    p99Ms: empty ? NaN : quantileSorted(latencies, 0.99),
  };
}

export function stabilityRule(p: Pick<LoadProtocol, 'stabilityPct' | 'stableWindows'>): string {
  return (
    `stable when max/min over the last ${p.stableWindows} windows is within ${p.stabilityPct}% ` +
    "for both inferences/s and mean latency (Triton perf_analyzer's --stability-percentage rule)"
  );
}

const withinPct = (values: number[], pct: number): boolean => {
  if (values.some((v) => !(v > 0))) return false;
  return Math.max(...values) / Math.min(...values) <= 1 + pct / 100;
};

/** The stability rule over the last `stableWindows` windows. */
export function isStable(windows: readonly LoadWindow[], p: Pick<LoadProtocol, 'stabilityPct' | 'stableWindows'>): boolean {
  if (windows.length < p.stableWindows) return false;
  const last = windows.slice(-p.stableWindows);
  return (
    withinPct(
      last.map((w) => w.inferencesPerS),
      p.stabilityPct,
    ) &&
    withinPct(
      last.map((w) => w.meanMs),
      p.stabilityPct,
    )
  );
}
