/**
 * Clopper-Pearson ("exact") confidence interval of a binomial proportion (Clopper & Pearson,
 * Biometrika 26:404-413, 1934): the gate-quality benchmark reports its false-alarm rate with
 * the upper end, which never understates the rate, however few the events.
 * The bounds solve P(X >= x; n, low) = alpha/2 and P(X <= x; n, high) = alpha/2, found by
 * bisection on the binomial tail (summed in log space, exact enough for n in the millions).
 */
import { gammaln } from 'simple-statistics';

/** P(X <= x) for X ~ Binomial(n, p). */
function binomialCdf(x: number, n: number, p: number): number {
  if (p <= 0) return 1;
  if (p >= 1) return x >= n ? 1 : 0;
  let sum = 0;
  for (let k = 0; k <= x; k++) {
    sum += Math.exp(gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));
  }
  return Math.min(1, sum);
}

/** The p in [0, 1] where the decreasing function f(p) crosses target. */
function bisect(f: (p: number) => number, target: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export function clopperPearson(successes: number, trials: number, confidence = 0.95): { low: number; high: number } {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || trials < 1 || successes < 0 || successes > trials) {
    throw new Error(`clopperPearson: need 0 <= successes (${successes}) <= trials (${trials}), trials >= 1`);
  }
  const half = (1 - confidence) / 2;
  const high = successes === trials ? 1 : bisect((p) => binomialCdf(successes, trials, p), half);
  const low = successes === 0 ? 0 : bisect((p) => binomialCdf(successes - 1, trials, p), 1 - half);
  return { low, high };
}
