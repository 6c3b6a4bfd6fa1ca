import { describe, expect, it } from 'vitest';
import { clopperPearson } from '../../src/stats/clopper-pearson.js';

// Expected: scipy 1.17.1, scipy.stats.binomtest(k, n).proportion_ci(0.95, method='exact').
describe('clopperPearson', () => {
  it.each([
    [0, 300, 0, 0.012220974694296421],
    [3, 1000, 0.0006190999316499173, 0.008742023238657654],
    [10, 20, 0.27195784956079133, 0.7280421504392086],
    [20, 20, 0.8315665290169145, 1],
    [1, 10, 0.0025285785444625728, 0.44501611702819543],
  ])('%i of %i', (k, n, low, high) => {
    const ci = clopperPearson(k, n);
    expect(ci.low).toBeCloseTo(low, 10);
    expect(ci.high).toBeCloseTo(high, 10);
  });
  it('zero events: the closed form 1 - (alpha/2)^(1/n)', () => {
    expect(clopperPearson(0, 50).high).toBeCloseTo(1 - 0.025 ** (1 / 50), 12);
  });
  it('rejects impossible counts', () => {
    expect(() => clopperPearson(3, 2)).toThrow(/successes \(3\) <= trials \(2\)/);
  });
});
