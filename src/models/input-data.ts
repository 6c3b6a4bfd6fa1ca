/**
 * Seeded input data of the right dtype for every model input, built before any timing.
 * Floats are uniform in [-1, 1); integers small and non-negative (valid token ids,
 * segment ids, masks and indices for the models we run); bools 0/1.
 */
import { createRng, type Rng } from '../stats/random.js';
import type { DType } from '../results/schema.js';
import type { HostTensor, TensorMap } from '../tensors.js';
import { toHalfBits } from './fp16/half.js';

const INT_MAX_EXCLUSIVE = 2;

function fill(dtype: DType, count: number, rng: Rng): HostTensor['data'] {
  switch (dtype) {
    case 'float32':
      return Float32Array.from({ length: count }, () => rng() * 2 - 1);
    case 'float16':
      return Uint16Array.from({ length: count }, () => toHalfBits(rng() * 2 - 1).bits);
    case 'int64':
      return BigInt64Array.from({ length: count }, () => BigInt(Math.floor(rng() * INT_MAX_EXCLUSIVE)));
    case 'int32':
      return Int32Array.from({ length: count }, () => Math.floor(rng() * INT_MAX_EXCLUSIVE));
    case 'int8':
      return Int8Array.from({ length: count }, () => Math.floor(rng() * 256) - 128);
    case 'uint8':
      return Uint8Array.from({ length: count }, () => Math.floor(rng() * 256));
    case 'bool':
      return Uint8Array.from({ length: count }, () => (rng() < 0.5 ? 0 : 1));
  }
}

/** `count` input sets (rotated during timing so caches see more than one input). */
export function makeInputSets(
  inputs: ReadonlyArray<{ name: string; dtype: DType }>,
  shapes: Record<string, number[]>,
  count: number,
  seed: number,
): TensorMap[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () =>
    Object.fromEntries(
      inputs.map((input) => {
        const dims = shapes[input.name]!;
        const size = dims.reduce((a, b) => a * b, 1);
        return [input.name, { dtype: input.dtype, dims, data: fill(input.dtype, size, rng) }];
      }),
    ),
  );
}
