/**
 * Mann-Whitney U test (Wilcoxon rank-sum), two-sided. A rank test assumes nothing about the
 * shape of latency distributions, which are skewed and often multimodal.
 *
 * - Exact null distribution when there are no ties and the samples are small
 *   (n1 + n2 <= EXACT_MAX_TOTAL): the per-trial medians the gate tests (a handful per side).
 * - Otherwise the normal approximation with the tie correction of the variance and a
 *   continuity correction, as in scipy.stats.mannwhitneyu(method='asymptotic').
 */
import { errorFunction } from 'simple-statistics';

/** Largest n1 + n2 for the exact distribution: its counts stay exact in doubles (C(50,25) < 2^53). */
export const EXACT_MAX_TOTAL = 50;

export interface MannWhitneyResult {
  /** U statistic of the first sample: pairs (x, y) with x > y, ties counting one half. */
  u: number;
  /** Two-sided p-value. */
  p: number;
  method: 'exact' | 'normal';
}

/** Mid-ranks (1-based) of the pooled samples, and the sizes of the tie groups. */
function rank(pooled: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = pooled.map((_, i) => i).sort((a, b) => pooled[a]! - pooled[b]!);
  const ranks = new Array<number>(pooled.length);
  const tieSizes: number[] = [];
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && pooled[order[end]!] === pooled[order[start]!]) end++;
    const midRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = midRank;
    if (end - start > 1) tieSizes.push(end - start);
    start = end;
  }
  return { ranks, tieSizes };
}

/**
 * Counts of each U value 0..n1*n2 over all C(n1+n2, n1) arrangements: the coefficients of the
 * Gaussian binomial [n1+n2 choose n1]_q = prod_{i=1..n1} (1 - q^(n2+i)) / (1 - q^i).
 */
export function exactUCounts(n1: number, n2: number): number[] {
  const size = n1 * n2 + 1;
  const c = new Array<number>(size).fill(0);
  c[0] = 1;
  for (let i = 1; i <= n1; i++) {
    // Multiply by (1 - q^(n2+i)) from the top down, then divide by (1 - q^i) as a running sum.
    for (let k = size - 1; k >= n2 + i; k--) c[k]! -= c[k - n2 - i]!;
    for (let k = i; k < size; k++) c[k]! += c[k - i]!;
  }
  return c;
}

/** Two-sided standard normal tail probability 2 * (1 - Phi(|z|)). */
function twoSidedNormalP(z: number): number {
  return 1 - errorFunction(Math.abs(z) / Math.SQRT2);
}

export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new Error('mannWhitneyU: both samples must be non-empty');
  const { ranks, tieSizes } = rank([...x, ...y]);
  let rankSumX = 0;
  for (let i = 0; i < n1; i++) rankSumX += ranks[i]!;
  const u = rankSumX - (n1 * (n1 + 1)) / 2;
  const uMin = Math.min(u, n1 * n2 - u);

  if (tieSizes.length === 0 && n1 + n2 <= EXACT_MAX_TOTAL) {
    const counts = exactUCounts(n1, n2);
    let total = 0;
    let tail = 0;
    for (let k = 0; k < counts.length; k++) {
      total += counts[k]!;
      if (k <= uMin) tail += counts[k]!;
    }
    // The null distribution is symmetric: both tails weigh the same.
    return { u, p: Math.min(1, (2 * tail) / total), method: 'exact' };
  }

  const n = n1 + n2;
  const tieTerm = tieSizes.reduce((s, t) => s + t ** 3 - t, 0) / (n * (n - 1));
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm));
  if (sigma === 0) return { u, p: 1, method: 'normal' };
  const z = (n1 * n2 - uMin - (n1 * n2) / 2 - 0.5) / sigma;
  return { u, p: Math.min(1, twoSidedNormalP(Math.max(0, z))), method: 'normal' };
}
