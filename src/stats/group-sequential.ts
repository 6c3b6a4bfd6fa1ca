/**
 * Group-sequential boundaries by alpha spending (Lan & DeMets, "Discrete sequential boundaries
 * for clinical trials", Biometrika 70:659-663, 1983): a test looked at again as data accrue
 * spends its type I error alpha over the looks by a spending function alpha(t) of the
 * information fraction t in (0, 1], so the chance of ever rejecting a true null stays alpha
 * however many looks there are and wherever they fall. Looks need not be planned: the
 * boundary at a look depends only on the fractions of the looks so far.
 *
 * Spending functions (Lan & DeMets 1983; Jennison & Turnbull, Group Sequential Methods with
 * Applications to Clinical Trials, 2000, section 7.2):
 *   - Pocock type: alpha ln(1 + (e - 1) t), spends much early (decides most cases at the first look),
 *   - O'Brien-Fleming type: 2 - 2 Phi(z_{1-alpha/2} / sqrt(t)), spends little early.
 * Boundaries are two-sided and symmetric on the standardized statistic Z_k, whose joint null
 * distribution is that of Brownian motion observed at the fractions (corr(Z_i, Z_j) =
 * sqrt(t_i / t_j)); the crossing probabilities come from the recursive numerical integration
 * of Armitage, McPherson & Rowe (JRSS A 132:235-244, 1969), as in Jennison & Turnbull ch. 19.
 */
import { normalCdf, normalPdf, normalQuantile, normalUpperTail } from './normal.js';

export type SpendingKind = 'pocock' | 'obrien-fleming';

export function spentAlpha(kind: SpendingKind, alpha: number, t: number): number {
  if (t <= 0) return 0;
  const f = Math.min(1, t);
  if (kind === 'pocock') return alpha * Math.log(1 + (Math.E - 1) * f);
  return 2 * normalUpperTail(normalQuantile(1 - alpha / 2) / Math.sqrt(f));
}

/** Grid points across a continuation region (odd, for Simpson's rule). */
const GRID = 121;

interface SubDensity {
  /** Points of the score S = Z sqrt(t), and the sub-density times the quadrature weight at each. */
  s: Float64Array;
  w: Float64Array;
}

function simpsonGrid(limit: number, density: (s: number) => number): SubDensity {
  const s = new Float64Array(GRID);
  const w = new Float64Array(GRID);
  const h = (2 * limit) / (GRID - 1);
  for (let i = 0; i < GRID; i++) {
    s[i] = -limit + i * h;
    const simpson = i === 0 || i === GRID - 1 ? 1 : i % 2 === 1 ? 4 : 2;
    w[i] = (h / 3) * simpson * density(s[i]!);
  }
  return { s, w };
}

/** P(not stopped before, |S_j| >= c sqrt(t_j)) from the sub-density at the previous look. */
function exitProbability(prev: SubDensity, c: number, t: number, dt: number): number {
  const b = c * Math.sqrt(t);
  const sd = Math.sqrt(dt);
  let p = 0;
  for (let i = 0; i < GRID; i++) p += prev.w[i]! * (normalUpperTail((b - prev.s[i]!) / sd) + normalCdf((-b - prev.s[i]!) / sd));
  return p;
}

const cache = new Map<string, number[]>();

/**
 * Two-sided boundaries c_1..c_K on the Z scale for looks at information fractions `fractions`
 * (strictly increasing, the last at most 1): reject at look k when |Z_k| >= c_k. A look that
 * may spend nothing more gets Infinity.
 */
export function sequentialBoundaries(fractions: readonly number[], alpha: number, kind: SpendingKind): number[] {
  const key = `${kind}|${alpha}|${fractions.map((f) => f.toFixed(6)).join(',')}`;
  const hit = cache.get(key);
  if (hit) return hit;
  fractions.forEach((t, k) => {
    if (!(t > 0 && t <= 1 + 1e-9) || (k > 0 && !(t > fractions[k - 1]!)))
      throw new Error(`sequentialBoundaries: fractions must rise in (0, 1], got ${fractions.join(', ')}`);
  });
  const bounds: number[] = [];
  let prev: SubDensity | undefined;
  let spent = 0;
  for (let k = 0; k < fractions.length; k++) {
    const t = fractions[k]!;
    const target = spentAlpha(kind, alpha, t) - spent;
    if (k === 0) {
      const c = normalQuantile(1 - target / 2);
      bounds.push(c);
      prev = simpsonGrid(c * Math.sqrt(t), (s) => normalPdf(s / Math.sqrt(t)) / Math.sqrt(t));
      spent += target;
      continue;
    }
    const dt = t - fractions[k - 1]!;
    let c = Infinity;
    if (target > 0) {
      // exitProbability falls as c rises: bisect for the c that spends exactly the target.
      let lo = 0;
      let hi = 12;
      for (let i = 0; i < 60; i++) {
        const mid = (lo + hi) / 2;
        if (exitProbability(prev!, mid, t, dt) > target) lo = mid;
        else hi = mid;
      }
      c = (lo + hi) / 2;
    }
    bounds.push(c);
    spent += target;
    if (k + 1 < fractions.length) {
      const from = prev!;
      const sd = Math.sqrt(dt);
      const limit = Number.isFinite(c) ? c * Math.sqrt(t) : 12 * Math.sqrt(t);
      prev = simpsonGrid(limit, (s) => {
        let d = 0;
        for (let i = 0; i < GRID; i++) d += from.w[i]! * (normalPdf((s - from.s[i]!) / sd) / sd);
        return d;
      });
    }
  }
  cache.set(key, bounds);
  return bounds;
}
