/**
 * Drift guard: when most of the matrix moves the same way past the threshold, the likely cause
 * is the machine or its environment (governor, load, thermal state, a driver) rather than N
 * separate regressions. Applies when base and head ran at different times (baseline mode);
 * in paired mode both sides share the job, so a uniform shift there is real.
 */
import { median } from 'simple-statistics';

/** Share of comparable configurations that must move together. */
export const DRIFT_SHARE = 0.75;
/** ... and at least this many, so two configurations never make a "matrix-wide" shift. */
export const DRIFT_MIN_CONFIGS = 3;

export interface DriftInput {
  ratio: number;
  thresholdPct: number;
}

/** The reason text when the shift looks environmental, undefined otherwise. */
export function detectDrift(configs: readonly DriftInput[]): string | undefined {
  const slower = configs.filter((c) => c.ratio > 1 + c.thresholdPct / 100);
  const faster = configs.filter((c) => c.ratio < 1 / (1 + c.thresholdPct / 100));
  const [moved, direction] = slower.length >= faster.length ? [slower, 'slower'] : [faster, 'faster'];
  if (moved.length < DRIFT_MIN_CONFIGS || moved.length < DRIFT_SHARE * configs.length) return undefined;
  const typical = median(moved.map((c) => c.ratio));
  const size = direction === 'slower' ? typical : 1 / typical;
  return (
    `${moved.length} of ${configs.length} configurations moved together (typically ${size.toFixed(2)}x ${direction}): ` +
    'a machine or environment change (CPU governor, load, thermal state, driver) is more likely than that many regressions; ' +
    'check the machine and re-run, or compare in paired mode (gate --against) to judge the code'
  );
}
