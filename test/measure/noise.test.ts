import { describe, expect, it } from 'vitest';
import { noiseVerdict } from '../../src/measure/noise.js';
import { findModes } from '../../src/stats/modes.js';
import { createRng } from '../../src/stats/random.js';
import { summarize } from '../../src/stats/summary.js';

const converged = { reason: 'target-precision' as const, targetRelCiHalfWidth: 0.01, sampledMs: 1000 };
const capped = { reason: 'max-time' as const, targetRelCiHalfWidth: 0.001, sampledMs: 2000 };
const verdict = (samples: number[], stop: typeof converged | typeof capped = converged) => noiseVerdict(samples, summarize(samples), stop, 0.1);

const rng = createRng(7);
const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
/** n samples around `ms` with a relative spread `sd` (seeded). */
const around = (n: number, ms: number, sd: number) => Array.from({ length: n }, () => ms * (1 + sd * normal()));

describe('noiseVerdict', () => {
  it('does not flag a tight distribution with one spike (the CV alone does not decide)', () => {
    const samples = [...Array(99).fill(1), 100];
    expect(summarize(samples).cv).toBeGreaterThan(1);
    expect(verdict(samples)).toEqual({ noisy: false });
  });

  it('a wide single-moded bulk: more time narrows the CI, so --max-time is named', () => {
    const v = verdict(around(400, 1, 0.12));
    expect(v).toMatchObject({ noisy: true, cause: 'spread' });
    expect(v.reason).toMatch(/^IQR\/median 1\d\.\d% > 10\.0% \(CV .*\): close other programs, pin the CPU governor .* or raise --max-time/);
  });

  it('two modes (the process switching between ~0.12 and ~0.16 ms): names both and says --max-time does not merge them', () => {
    const samples = around(1400, 0.12, 0.02).map((x, i) => (i % 3 === 0 ? x * 1.33 : x));
    const v = verdict(samples, capped);
    expect(v.cause).toBe('bimodal');
    expect(v.reason).toMatch(/two or more modes, around 0\.12\d ms \(6\d%\) and 0\.1[56]\d ms \(3\d%\): a longer --max-time does not merge them/);
    expect(v.reason).not.toMatch(/raise --max-time/);
  });

  it('a heavy tail: interruptions, which more time never removes', () => {
    const samples = around(1000, 1, 0.004).map((x, i) => (i % 20 === 0 ? x * 3 : x));
    const v = verdict(samples, { ...capped, targetRelCiHalfWidth: 0.0001 });
    expect(v.cause).toBe('heavy-tail');
    expect(v.reason).toMatch(/a heavy tail \(5\.0% of runs far out, p99 3\.\d\dx the median\): .* never removes/);
  });

  it('a rate that drifts during sampling: a longer warm-up and pinned clocks, not more samples', () => {
    const samples = around(900, 1, 0.003).map((x, i) => x * (1 + (0.08 * i) / 900));
    const v = verdict(samples, capped);
    expect(v.cause).toBe('drift');
    expect(v.reason).toMatch(/the rate drifted during sampling \(first third 1\.01 ms, last third 1\.07 ms\): warm up longer \(--warmup-time\)/);
  });

  it('does not flag a cap reached with the precision met (max-samples on a fast model)', () => {
    expect(noiseVerdict([1, 1, 1, 1], summarize([1, 1, 1, 1]), { reason: 'max-samples', targetRelCiHalfWidth: 0.01, sampledMs: 10 }, 0.1)).toEqual({
      noisy: false,
    });
  });
});

describe('findModes', () => {
  it('one mode for a single bell, a skewed bulk and a bulk with rare spikes; two for a 70/30 mixture', () => {
    expect(findModes(around(2000, 0.12, 0.02))).toHaveLength(1);
    expect(findModes(around(2000, 0.12, 0.3).map((x) => Math.exp(Math.abs(Math.log(x / 0.12))) * 0.12))).toHaveLength(1);
    expect(findModes(around(2000, 0.12, 0.02).map((x, i) => (i % 40 === 0 ? x * 2.5 : x)))).toHaveLength(1);
    const two = findModes(around(2000, 0.12, 0.02).map((x, i) => (i % 10 < 3 ? x * 1.33 : x)));
    expect(two.map((m) => Number(m.at.toFixed(2)))).toEqual([0.12, 0.16]);
    expect(two[0]!.share).toBeCloseTo(0.7, 1);
  });
});
