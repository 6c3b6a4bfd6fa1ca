/**
 * Regression thresholds: a suite-wide percentage with per-model overrides from the suite file
 * (src/suites/schema.ts `thresholdPct`). Thresholds are policy, not measurement, so the gate
 * takes them from the suite it runs now, not from the baseline.
 */
import { basename } from 'node:path';
import { modelName } from '../results/model-name.js';
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

export function thresholdsFromSuite(suite: Suite): ThresholdPolicy {
  const perModelPct: Record<string, number> = {};
  for (const entry of suite.models) {
    if (entry.thresholdPct === undefined) continue;
    perModelPct[modelName(entry)] = entry.thresholdPct;
    // A file model also matches under its whole file name (e.g. det.onnx), as results named by hand may say.
    if ('path' in entry) perModelPct[basename(entry.path)] = entry.thresholdPct;
  }
  return { defaultPct: suite.thresholdPct ?? DEFAULT_THRESHOLD_PCT, perModelPct };
}

export function thresholdFor(policy: ThresholdPolicy, config: ConfigSpec): number {
  return policy.perModelPct[config.model.name] ?? policy.defaultPct;
}
