/**
 * hyperfine-style noise warning. A configuration is flagged when its bulk is spread out
 * (IQR/median above the threshold) or when sampling stopped at a cap short of the target
 * precision (a cap reached with the precision met, e.g. max-samples on a fast model, is fine). The CV is reported in the reason but does not decide alone: one scheduler
 * spike inflates it without moving the median that everything else uses.
 */
import type { OkResult, SampleStats } from '../results/schema.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function noiseVerdict(stats: SampleStats, stop: OkResult['stop'], threshold: number): OkResult['noise'] {
  const reasons: string[] = [];
  const iqrRel = stats.medianMs > 0 ? stats.iqrMs / stats.medianMs : 0;
  if (iqrRel > threshold) reasons.push(`IQR/median ${pct(iqrRel)} > ${pct(threshold)} (CV ${pct(stats.cv)})`);
  if (stop.reason !== 'target-precision' && stats.relCiHalfWidth > stop.targetRelCiHalfWidth) {
    reasons.push(`stopped at ${stop.reason} with the median's 95% CI at +-${pct(stats.relCiHalfWidth)} (target ${pct(stop.targetRelCiHalfWidth)})`);
  }
  if (reasons.length === 0) return { noisy: false };
  return {
    noisy: true,
    reason: `${reasons.join('; ')}: close other programs, pin the CPU governor to performance, or raise --max-time`,
  };
}
