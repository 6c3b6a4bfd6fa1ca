import { describe, expect, it } from 'vitest';
import { noiseVerdict } from '../../src/measure/noise.js';
import { summarize } from '../../src/stats/summary.js';

const converged = { reason: 'target-precision' as const, targetRelCiHalfWidth: 0.01, sampledMs: 1000 };

describe('noiseVerdict', () => {
  it('does not flag a tight distribution with one spike (the CV alone does not decide)', () => {
    const stats = summarize([...Array(99).fill(1), 100]);
    expect(stats.cv).toBeGreaterThan(1);
    expect(noiseVerdict(stats, converged, 0.1)).toEqual({ noisy: false });
  });

  it('flags a wide bulk and names the fix', () => {
    const v = noiseVerdict(summarize([1, 1.5, 2, 2.5, 3, 1, 1.5, 2, 2.5, 3]), converged, 0.1);
    expect(v.noisy).toBe(true);
    expect(v.reason).toMatch(/^IQR\/median 50\.0% > 10\.0% \(CV .*\): close other programs/);
  });

  it('flags a configuration that stopped at a cap short of the target precision', () => {
    const v = noiseVerdict(summarize([1, 1.01, 1.02, 1.03, 1.0, 1.01, 1.02, 1.03]), { reason: 'max-time', targetRelCiHalfWidth: 0.001, sampledMs: 10 }, 0.1);
    expect(v.reason).toMatch(/stopped at max-time with the median's 95% CI at \+-1\.\d% \(target 0\.1%\)/);
  });

  it('does not flag a cap reached with the precision met (max-samples on a fast model)', () => {
    expect(noiseVerdict(summarize([1, 1, 1, 1]), { reason: 'max-samples', targetRelCiHalfWidth: 0.01, sampledMs: 10 }, 0.1)).toEqual({ noisy: false });
  });
});
