/**
 * hyperfine-style noise warning. A configuration is flagged when its bulk is spread out
 * (IQR/median above the threshold) or when sampling stopped at a cap short of the target
 * precision (a cap reached with the precision met, e.g. max-samples on a fast model, is fine).
 * The CV is reported in the reason but does not decide alone: one scheduler spike inflates it
 * without moving the median that everything else uses.
 *
 * The warning names the fix for the shape of the noise, because the fixes differ: more
 * sampling time narrows the median's CI of a wide but single-moded distribution, and does
 * nothing for two modes (the process flips between two speeds), a heavy tail (interruptions)
 * or a drifting rate (warm-up too short, frequency changes).
 */
import { median } from 'simple-statistics';
import type { OkResult, SampleStats } from '../results/schema.js';
import { findModes } from '../stats/modes.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Share of samples beyond Q3 + 3 IQR (Tukey's "far out") that makes a tail heavy. */
export const HEAVY_TAIL_SHARE = 0.02;
/** First and last third of the samples differing by more than this is a drift. */
export const DRIFT_LIMIT = 0.03;

export type NoiseCause = NonNullable<OkResult['noise']['cause']>;

/** What kind of noise this is, and the fix for that kind. */
export function noiseCause(samplesMs: readonly number[], stats: SampleStats): { cause: NoiseCause; fix: string } {
  const modes = findModes(samplesMs);
  if (modes.length >= 2) {
    const at = modes.map((m) => `${m.at.toPrecision(3)} ms (${Math.round(m.share * 100)}%)`).join(' and ');
    return {
      cause: 'bimodal',
      fix:
        `two or more modes, around ${at}: a longer --max-time does not merge them; ` +
        'the process switches between speeds (thread placement, other processes, frequency): close other programs, ' +
        'try --option threads=1, and judge changes on per-process medians over several --trials (docs/noise.md)',
    };
  }
  const third = Math.floor(samplesMs.length / 3);
  if (third >= 10) {
    const first = median(samplesMs.slice(0, third));
    const last = median(samplesMs.slice(-third));
    if (Math.abs(last - first) / Math.min(first, last) > DRIFT_LIMIT) {
      return {
        cause: 'drift',
        fix:
          `the rate drifted during sampling (first third ${first.toPrecision(3)} ms, last third ${last.toPrecision(3)} ms): ` +
          'warm up longer (--warmup-time) and pin the CPU governor or GPU clocks (dnnperf doctor)',
      };
    }
  }
  const farOut = samplesMs.filter((x) => x > stats.medianMs + stats.iqrMs / 2 + 3 * stats.iqrMs).length / samplesMs.length;
  if (farOut >= HEAVY_TAIL_SHARE) {
    return {
      cause: 'heavy-tail',
      fix:
        `a heavy tail (${pct(farOut)} of runs far out, p99 ${(stats.p99Ms / stats.medianMs).toFixed(2)}x the median): ` +
        'interruptions by other processes or the kernel, which a longer --max-time averages but never removes: ' +
        'close other programs, pin the process with taskset (dnnperf doctor)',
    };
  }
  return {
    cause: 'spread',
    fix: "close other programs, pin the CPU governor to performance (dnnperf doctor), or raise --max-time (the median's CI narrows with more samples)",
  };
}

export function noiseVerdict(samplesMs: readonly number[], stats: SampleStats, stop: OkResult['stop'], threshold: number): OkResult['noise'] {
  const reasons: string[] = [];
  const iqrRel = stats.medianMs > 0 ? stats.iqrMs / stats.medianMs : 0;
  if (iqrRel > threshold) reasons.push(`IQR/median ${pct(iqrRel)} > ${pct(threshold)} (CV ${pct(stats.cv)})`);
  if (stop.reason !== 'target-precision' && stats.relCiHalfWidth > stop.targetRelCiHalfWidth) {
    reasons.push(`stopped at ${stop.reason} with the median's 95% CI at +-${pct(stats.relCiHalfWidth)} (target ${pct(stop.targetRelCiHalfWidth)})`);
  }
  if (reasons.length === 0) return { noisy: false };
  const { cause, fix } = noiseCause(samplesMs, stats);
  return { noisy: true, cause, reason: `${reasons.join('; ')}: ${fix}` };
}
