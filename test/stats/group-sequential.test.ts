import { describe, expect, it } from 'vitest';
import { sequentialBoundaries, spentAlpha } from '../../src/stats/group-sequential.js';
import { createRng } from '../../src/stats/random.js';

/** Share of Brownian paths under the null that cross |Z_k| >= c_k at some look (seeded). */
function crossingRate(fractions: number[], bounds: number[], paths: number, seed: number): number {
  const rng = createRng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  let crossed = 0;
  for (let p = 0; p < paths; p++) {
    let s = 0;
    let prev = 0;
    for (let k = 0; k < fractions.length; k++) {
      s += Math.sqrt(fractions[k]! - prev) * normal();
      prev = fractions[k]!;
      if (Math.abs(s / Math.sqrt(prev)) >= bounds[k]!) {
        crossed++;
        break;
      }
    }
  }
  return crossed / paths;
}

describe('alpha-spending boundaries (Lan-DeMets)', () => {
  it('one look at full information is the fixed-sample test', () => {
    expect(sequentialBoundaries([1], 0.05, 'pocock')[0]).toBeCloseTo(1.96, 3);
    expect(sequentialBoundaries([1], 0.05, 'obrien-fleming')[0]).toBeCloseTo(1.96, 3);
    expect(spentAlpha('pocock', 0.05, 1)).toBeCloseTo(0.05, 12);
  });

  it('Pocock type, 5 equally spaced looks, two-sided 0.05: the published boundaries (Jennison & Turnbull 2000, table 7.6)', () => {
    const b = sequentialBoundaries([0.2, 0.4, 0.6, 0.8, 1], 0.05, 'pocock');
    expect(b.map((x) => Number(x.toFixed(3)))).toEqual([2.438, 2.427, 2.41, 2.397, 2.386]);
  });

  it("O'Brien-Fleming type spends little early: its first boundary is far out and the last near 1.96", () => {
    const b = sequentialBoundaries([0.2, 0.4, 0.6, 0.8, 1], 0.05, 'obrien-fleming');
    expect(b[0]).toBeCloseTo(4.383, 2);
    expect(b[4]).toBeGreaterThan(1.96);
    expect(b[4]).toBeLessThan(2.1);
  });

  it('unequal, unplanned looks at a small alpha keep the chance of ever crossing at alpha (Monte Carlo, 200k paths)', () => {
    const fractions = [0.556, 0.714, 0.833, 0.926, 1];
    for (const kind of ['pocock', 'obrien-fleming'] as const) {
      const bounds = sequentialBoundaries(fractions, 0.05, kind);
      const rate = crossingRate(fractions, bounds, 200_000, 11);
      // 3 binomial standard errors at p = 0.05 and 200k paths: 0.0015.
      expect(Math.abs(rate - 0.05), kind).toBeLessThan(0.0015);
    }
    // Testing every look at the full 0.05 instead would cross far more often.
    expect(
      crossingRate(
        fractions,
        fractions.map(() => 1.96),
        200_000,
        12,
      ),
    ).toBeGreaterThan(0.09);
  });

  it('fractions must rise; alpha 0.005 over two looks puts both boundaries near z = 2.96', () => {
    expect(() => sequentialBoundaries([0.5, 0.5], 0.05, 'pocock')).toThrow(/must rise/);
    expect(sequentialBoundaries([0.5, 1], 0.005, 'pocock').every((c) => c > 2.8 && c < 3.1)).toBe(true);
  });
});
