/** Default measurement protocol (its steps: src/measure/measure-config.ts); every field is overridable per run. */
import { DnnperfError } from '../errors.js';
import { PROTOCOL_CHANGES, PROTOCOL_VERSION } from '../results/protocol-version.js';
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

/**
 * What each protocol version sets on top of DEFAULT_PROTOCOL (src/results/protocol-version.ts
 * says why; docs/noise.md has the figures). `--protocol 1` measures the way baselines of
 * version 1 were made.
 */
export const PROTOCOL_SETTINGS: Readonly<Record<number, Partial<ProtocolOptions>>> = {
  1: {},
  // Opt-in, not the default: warm-up until two 100 ms windows agree within 2% (tiny models still
  // ran up to 5-8% slower in their first 150 ms block after a 300 ms fixed warm-up), and on GPUs
  // until the SM clock has settled (it idles at 345 MHz on the H100/H200); both give up after 5 s.
  // Measured before and after (docs/ci.md), it did not narrow the gate's per-process spread, so
  // baselines are not invalidated for it. Threads stay the engine's default in both.
  2: { warmupStableTolerance: 0.02, warmupMaxMs: 5000, gpuClockSettle: true },
};

/** A protocol version this dnnperf can measure with; anything else is refused in one line. */
export function checkProtocolVersion(version: number): number {
  if (PROTOCOL_SETTINGS[version]) return version;
  const known = Object.keys(PROTOCOL_SETTINGS).map((v) => `${v} (${PROTOCOL_CHANGES[Number(v)]})`);
  throw new DnnperfError('E_BAD_ARGUMENT', `--protocol ${version}: this dnnperf measures with protocol ${known.join(' or ')}: pass one of them`);
}

/** Fills in the defaults of a protocol version (default: PROTOCOL_VERSION); a minimum above its maximum is refused before anything runs. */
export function resolveProtocol(partial: Partial<ProtocolOptions> = {}, version: number = PROTOCOL_VERSION): ProtocolOptions {
  const given = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const p: ProtocolOptions = { ...DEFAULT_PROTOCOL, ...PROTOCOL_SETTINGS[checkProtocolVersion(version)], ...given };
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
