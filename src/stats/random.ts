/**
 * A small seeded PRNG so bootstrap intervals are reproducible: the same samples and seed
 * give the same CI on every machine (Math.random cannot be seeded).
 * mulberry32 (Tommy Ettinger, public domain): 32-bit state, passes PractRand to 2^32 outputs,
 * plenty for a few thousand bootstrap resamples.
 */
export type Rng = () => number;

/** Uniform floats in [0, 1) from a 32-bit integer seed. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
