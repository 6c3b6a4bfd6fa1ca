/** Seeded weights for built-in models, drawn from the project's one seeded PRNG. */
import type { Rng } from '../../stats/random.js';

/** `count` values uniform in [lo, hi). */
export function uniform(rand: Rng, count: number, lo: number, hi: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = lo + (hi - lo) * rand();
  return out;
}
