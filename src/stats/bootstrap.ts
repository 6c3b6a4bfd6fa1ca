/**
 * Seeded bootstrap CI of the ratio of medians, head / base (above 1 is slower).
 *
 * Percentile method (Efron & Tibshirani, An Introduction to the Bootstrap, 1993, ch. 13):
 * each side is resampled independently with replacement, and the interval is the
 * alpha/2 and 1 - alpha/2 quantiles of the resampled ratios. Not BCa: the gate resamples
 * per-trial medians, a handful per side, where BCa's jackknife estimate of the
 * acceleration is itself too noisy to help; the percentile interval also maps exactly
 * under the log, so "x slower" and "x faster" read the same.
 */
import { median, quantileSorted } from 'simple-statistics';
import { createRng, type Rng } from './random.js';

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_CONFIDENCE = 0.95;
export const DEFAULT_SEED = 20240601;

export interface BootstrapOptions {
  /** Resamples drawn (default DEFAULT_RESAMPLES). */
  resamples?: number;
  /** Two-sided confidence level (default 0.95). */
  confidence?: number;
  /** PRNG seed: the same inputs and seed give the same interval (default DEFAULT_SEED). */
  seed?: number;
}

export interface RatioCi {
  /** median(head) / median(base) on the original samples. */
  ratio: number;
  low: number;
  high: number;
  resamples: number;
  method: 'percentile';
}

function resampleMedian(values: readonly number[], rng: Rng, scratch: number[]): number {
  for (let i = 0; i < scratch.length; i++) scratch[i] = values[Math.floor(rng() * values.length)]!;
  return median(scratch);
}

export function bootstrapRatioOfMedians(base: readonly number[], head: readonly number[], options: BootstrapOptions = {}): RatioCi {
  if (base.length === 0 || head.length === 0) throw new Error('bootstrapRatioOfMedians: both samples must be non-empty');
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const alpha = 1 - (options.confidence ?? DEFAULT_CONFIDENCE);
  const rng = createRng(options.seed ?? DEFAULT_SEED);
  const baseScratch = new Array<number>(base.length);
  const headScratch = new Array<number>(head.length);
  const ratios = new Array<number>(resamples);
  for (let b = 0; b < resamples; b++) {
    ratios[b] = resampleMedian(head, rng, headScratch) / resampleMedian(base, rng, baseScratch);
  }
  ratios.sort((a, b) => a - b);
  return {
    ratio: median(head as number[]) / median(base as number[]),
    low: quantileSorted(ratios, alpha / 2),
    high: quantileSorted(ratios, 1 - alpha / 2),
    resamples,
    method: 'percentile',
  };
}
