/** Whether a generated spec (constant, zeros, ones, normal, uniform, int) can fill an input of a dtype. */
import { DnnperfError } from '../../errors.js';
import type { DType } from '../../results/schema.js';
import type { GeneratedSpec } from './input-spec.js';

const INT_RANGE: Partial<Record<DType, [bigint, bigint]>> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int8: [-128n, 127n],
  uint8: [0n, 255n],
  bool: [0n, 1n],
};

const isFloat = (dtype: DType): boolean => dtype === 'float32' || dtype === 'float16';

/** The literal as a bigint when it is a whole number (`true`/`false` as 1/0), else undefined. */
export function integerLiteral(literal: string): bigint | undefined {
  if (literal === 'true') return 1n;
  if (literal === 'false') return 0n;
  return /^[-+]?\d+$/.test(literal) ? BigInt(literal) : undefined;
}

/** Throws E_INPUT naming the input, its dtype and a spec that fits. */
export function checkSpecForDtype(spec: GeneratedSpec, dtype: DType, label: string): void {
  const range = INT_RANGE[dtype];
  const fail = (why: string) => {
    throw new DnnperfError('E_INPUT', `${label}: ${why}`);
  };
  if (spec.kind === 'normal' || spec.kind === 'uniform') {
    if (!isFloat(dtype)) fail(`${spec.kind} draws floats, but the input is ${dtype}: use int:LOW..HIGH or a constant`);
    return;
  }
  if (spec.kind === 'constant') {
    if (!range) {
      if (!Number.isFinite(Number(spec.literal === 'true' ? 1 : spec.literal === 'false' ? 0 : spec.literal))) fail(`${spec.literal} is not a finite number`);
      return;
    }
    const v = integerLiteral(spec.literal);
    if (v === undefined) fail(`${spec.literal} is not a whole number, but the input is ${dtype}: give an integer`);
    if (v! < range[0] || v! > range[1]) fail(`${spec.literal} is outside ${dtype}'s range ${range[0]}..${range[1]}: give a value in it`);
    return;
  }
  if (spec.kind === 'int' && range) {
    if (BigInt(spec.low) < range[0] || BigInt(spec.high) > range[1])
      fail(`int:${spec.low}..${spec.high} goes outside ${dtype}'s range ${range[0]}..${range[1]}: narrow it`);
  }
}
