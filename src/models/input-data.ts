/**
 * Input data for every model input, built before any timing. Random inputs are seeded:
 * floats uniform in [-1, 1); integers small and non-negative (valid token ids, segment ids,
 * masks and indices for the models we run); bools 0/1. Inputs given a spec (`--input`) or
 * a file (`@x.npy`, a test data set) get those values instead.
 */

import type { DType } from '../results/schema.js';
import { createRng, type Rng } from '../stats/random.js';
import type { HostTensor, TensorMap } from '../tensors.js';
import { toHalfBits } from './fp16/half.js';
import { integerLiteral } from './inputs/check-spec.js';
import type { GeneratedSpec } from './inputs/input-spec.js';
import type { PlannedInput } from './inputs/plan-inputs.js';
import { readTensorFile, tileBatch } from './inputs/read-tensor-file.js';

const INT_MAX_EXCLUSIVE = 2;

/** `count` values of `dtype`, each from `value()` (a float or integer) or, for int64 constants, `big`. */
function filled(dtype: DType, count: number, value: () => number, big?: bigint): HostTensor['data'] {
  switch (dtype) {
    case 'float32':
      return Float32Array.from({ length: count }, value);
    case 'float16':
      return Uint16Array.from({ length: count }, () => toHalfBits(value()).bits);
    case 'int64':
      return big !== undefined ? new BigInt64Array(count).fill(big) : BigInt64Array.from({ length: count }, () => BigInt(Math.round(value())));
    case 'int32':
      return Int32Array.from({ length: count }, value);
    case 'int8':
      return Int8Array.from({ length: count }, value);
    case 'uint8':
      return Uint8Array.from({ length: count }, value);
    case 'bool':
      return Uint8Array.from({ length: count }, () => (value() === 0 ? 0 : 1));
  }
}

function random(dtype: DType, count: number, rng: Rng): HostTensor['data'] {
  switch (dtype) {
    case 'float32':
    case 'float16':
      return filled(dtype, count, () => rng() * 2 - 1);
    case 'int64':
    case 'int32':
      return filled(dtype, count, () => Math.floor(rng() * INT_MAX_EXCLUSIVE));
    case 'int8':
      return filled(dtype, count, () => Math.floor(rng() * 256) - 128);
    case 'uint8':
      return filled(dtype, count, () => Math.floor(rng() * 256));
    case 'bool':
      return filled(dtype, count, () => (rng() < 0.5 ? 0 : 1));
  }
}

/** Standard normal draws (Box-Muller) from the seeded uniform source. */
function normal(rng: Rng): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

function fromSpec(spec: GeneratedSpec, dtype: DType, count: number, rng: Rng): HostTensor['data'] {
  switch (spec.kind) {
    case 'zeros':
      return filled(dtype, count, () => 0);
    case 'ones':
      return filled(dtype, count, () => 1);
    case 'constant': {
      const whole = integerLiteral(spec.literal);
      return filled(dtype, count, () => (whole !== undefined ? Number(whole) : Number(spec.literal)), dtype === 'int64' ? whole : undefined);
    }
    case 'int':
      return filled(dtype, count, () => spec.low + Math.floor(rng() * (spec.high - spec.low + 1)));
    case 'uniform':
      return filled(dtype, count, () => spec.low + (spec.high - spec.low) * rng());
    case 'normal':
      return filled(dtype, count, normal(rng));
  }
}

/** An input to fill: random unless `values` says otherwise. */
export type InputToFill = Pick<PlannedInput, 'name' | 'dtype'> & { values?: PlannedInput['values'] };

/**
 * `count` input sets (rotated during timing so caches see more than one input). `tiles`: times
 * each file input is repeated along dim 0 (default 1).
 */
export function makeInputSets(
  inputs: readonly InputToFill[],
  shapes: Record<string, number[]>,
  count: number,
  seed: number,
  tiles: Record<string, number> = {},
): TensorMap[] {
  const rng = createRng(seed);
  const files = new Map<string, HostTensor>();
  const file = (path: string, name: string): HostTensor => {
    if (!files.has(path)) files.set(path, tileBatch(readTensorFile(path, `input '${name}'`).tensor, tiles[name] ?? 1));
    return files.get(path)!;
  };
  return Array.from({ length: count }, (_, set) =>
    Object.fromEntries(
      inputs.map((input) => {
        const v = input.values ?? { kind: 'random' };
        if (v.kind === 'file') return [input.name, file(v.files[set % v.files.length]!, input.name)];
        const dims = shapes[input.name]!;
        const size = dims.reduce((a, b) => a * b, 1);
        const data = v.kind === 'spec' ? fromSpec(v.spec, input.dtype, size, rng) : random(input.dtype, size, rng);
        return [input.name, { dtype: input.dtype, dims, data }];
      }),
    ),
  );
}
