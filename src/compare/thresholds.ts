/**
 * Regression thresholds: a suite-wide percentage with per-model overrides from the suite file
 * (src/suites/schema.ts `thresholdPct`). Thresholds are policy, not measurement, so the gate
 * takes them from the suite it runs now, not from the baseline.
 */
import { basename, extname } from 'node:path';
import type { ConfigSpec } from '../results/schema.js';
import type { Suite } from '../suites/schema.js';

/** Used when neither the suite nor the model sets one, percent. */
export const DEFAULT_THRESHOLD_PCT = 5;

export interface ThresholdPolicy {
  /** Percent slower (or faster) that counts as a change (default DEFAULT_THRESHOLD_PCT). */
  defaultPct: number;
  /** Model name (ModelRef.name) -> percent. */
  perModelPct: Record<string, number>;
}

export const defaultThresholds = (defaultPct = DEFAULT_THRESHOLD_PCT): ThresholdPolicy => ({ defaultPct, perModelPct: {} });

/** The names a suite entry's model gets in results: built-in id, zoo id, or the file's base name. */
function modelNames(entry: Suite['models'][number]): string[] {
  if ('builtin' in entry) return [entry.builtin];
  if ('zoo' in entry) return [entry.zoo];
  const base = basename(entry.path);
  return [base, basename(base, extname(base))];
}

export function thresholdsFromSuite(suite: Suite): ThresholdPolicy {
  const perModelPct: Record<string, number> = {};
  for (const entry of suite.models) {
    if (entry.thresholdPct === undefined) continue;
    for (const name of modelNames(entry)) perModelPct[name] = entry.thresholdPct;
  }
  return { defaultPct: suite.thresholdPct ?? DEFAULT_THRESHOLD_PCT, perModelPct };
}

export function thresholdFor(policy: ThresholdPolicy, config: ConfigSpec): number {
  return policy.perModelPct[config.model.name] ?? policy.defaultPct;
}
