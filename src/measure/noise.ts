/**
 * hyperfine-style noise warning: a configuration is flagged when its spread is large
 * (coefficient of variation or IQR/median above the threshold) or when sampling hit a cap
 * before reaching the target precision. The fix is named in the reason.
 */
import type { OkResult, SampleStats } from '../results/schema.js';

export function noiseVerdict(stats: SampleStats, stop: OkResult['stop'], cvThreshold: number): OkResult['noise'] {
  const reasons: string[] = [];
  if (stats.cv > cvThreshold) reasons.push(`CV ${(stats.cv * 100).toFixed(1)}% > ${(cvThreshold * 100).toFixed(0)}%`);
  const iqrRel = stats.medianMs > 0 ? stats.iqrMs / stats.medianMs : 0;
  if (iqrRel > cvThreshold) reasons.push(`IQR/median ${(iqrRel * 100).toFixed(1)}% > ${(cvThreshold * 100).toFixed(0)}%`);
  if (stop.reason !== 'target-precision') {
    reasons.push(`stopped at ${stop.reason} with the median's CI at +-${(stats.relCiHalfWidth * 100).toFixed(2)}% (target ${(stop.targetRelCiHalfWidth * 100).toFixed(2)}%)`);
  }
  if (reasons.length === 0) return { noisy: false };
  return {
    noisy: true,
    reason: `${reasons.join('; ')}: close other programs, pin the CPU governor to performance, or raise --max-time`,
  };
}
