/** Default measurement protocol (its steps: src/measure/measure-config.ts); every field is overridable per run. */
import { DnnperfError } from '../errors.js';
import type { LoadProtocol, ProtocolOptions } from '../results/schema.js';

export const DEFAULT_PROTOCOL: ProtocolOptions = {
  /** Warm-up ends when both are met: at least this many runs... */
  warmupIterations: 10,
  /** ...and at least this long (TensorRT and cuDNN autotuning finish in the first runs). */
  warmupMs: 500,
  /** Never stop with fewer samples than this. */
  minSamples: 30,
  /** Hard cap on samples (memory, and results.jsonl size). */
  maxSamples: 10_000,
  /** Never stop before this much measured time. */
  minTimeMs: 1_000,
  /** Stop here even when the target precision is not reached (the result is then flagged). */
  maxTimeMs: 10_000,
  /** Stop once the 95% CI of the median is within +-1% of it. */
  targetRelCiHalfWidth: 0.01,
  /** Flag a result noisy when IQR/median exceeds this (not the CV: one slow spike inflates the CV without moving the median). */
  noiseIqrRelThreshold: 0.1,
  /** Distinct seeded input sets rotated during timing. */
  inputSets: 3,
  /** Runs in the separate profiled session. */
  profileRuns: 20,
  /** A configuration still running after this is killed and recorded as failed. */
  configTimeoutMs: 180_000,
  seed: 42,
};

/** Fills in the defaults; a minimum above its maximum is refused before anything runs. */
export function resolveProtocol(partial: Partial<ProtocolOptions> = {}): ProtocolOptions {
  const p: ProtocolOptions = { ...DEFAULT_PROTOCOL, ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) };
  if (p.minTimeMs > p.maxTimeMs) {
    const given = partial.maxTimeMs === undefined ? ' (the default)' : '';
    throw new DnnperfError(
      'E_BAD_ARGUMENT',
      `--min-time ${p.minTimeMs / 1000} s is above --max-time ${p.maxTimeMs / 1000} s${given}: lower --min-time or raise --max-time`,
    );
  }
  if (p.minSamples > p.maxSamples) {
    throw new DnnperfError(
      'E_BAD_ARGUMENT',
      `--min-samples ${p.minSamples} is above the cap of ${p.maxSamples} samples per configuration: lower --min-samples`,
    );
  }
  return p;
}

/**
 * Closed-loop defaults (concurrency > 1). Triton perf_analyzer's stability rule (last 3 windows
 * within 10% in inferences/s and mean latency, at most 10 windows) over its count windows (at
 * least 1 s and 50 requests each); the time cap is the protocol's maxTimeMs.
 */
export const DEFAULT_LOAD_PROTOCOL: LoadProtocol = {
  windowMs: 1000,
  minWindowRequests: 50,
  stabilityPct: 10,
  stableWindows: 3,
  maxWindows: 10,
};

export function resolveLoadProtocol(partial: Partial<LoadProtocol> = {}): LoadProtocol {
  return { ...DEFAULT_LOAD_PROTOCOL, ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) };
}
