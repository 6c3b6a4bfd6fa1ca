/**
 * IEEE 754 binary16 from float32, bit-exact: round to nearest, ties to even, including into
 * and out of the subnormal range. Finite values beyond the largest half (65504) are clamped
 * to +-65504 and counted rather than turned into infinities; NaN and +-Inf stay what they are.
 */
export const HALF_MAX = 65504;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Bits of the float32 value `x` as a half; `clamped` when |x| > 65504 and finite. */
export function toHalfBits(x: number): { bits: number; clamped: boolean } {
  f32[0] = x;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const abs = bits & 0x7fffffff;
  if (abs > 0x7f800000) return { bits: sign | 0x7e00, clamped: false }; // NaN, kept quiet
  if (abs === 0x7f800000) return { bits: sign | 0x7c00, clamped: false }; // +-Inf
  if (abs > 0x477fe000) return { bits: sign | 0x7bff, clamped: true }; // beyond 65504
  if (abs < 0x38800000) {
    // Below 2^-14, the smallest normal half: a multiple of 2^-24. Scaling by 2^24 is exact
    // in a double, so the rounding is a plain ties-to-even round of that product.
    return { bits: sign | roundHalfEven(Math.abs(f32[0]) * 2 ** 24), clamped: false };
  }
  // Normal: rebias the exponent (127 -> 15), keep the top 10 of 23 mantissa bits, round on
  // the 13 dropped ones. A carry out of the mantissa correctly bumps the exponent.
  let half = (((abs >>> 23) - 112) << 10) | ((abs >>> 13) & 0x3ff);
  const rest = abs & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half += 1;
  return { bits: sign | half, clamped: false };
}

/** The value of half bits `h`, exactly, as a JS number. */
export function halfBitsToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** A whole tensor to half bits, with the number of clamped values. */
export function toHalfArray(values: ArrayLike<number>): { bits: Uint16Array; clamped: number } {
  const out = new Uint16Array(values.length);
  let clamped = 0;
  for (let i = 0; i < values.length; i++) {
    const h = toHalfBits(values[i]!);
    out[i] = h.bits;
    if (h.clamped) clamped++;
  }
  return { bits: out, clamped };
}

function roundHalfEven(v: number): number {
  const floor = Math.floor(v);
  const diff = v - floor;
  if (diff > 0.5 || (diff === 0.5 && floor % 2 === 1)) return floor + 1;
  return floor;
}
