import { describe, expect, it } from 'vitest';
import { HALF_MAX, halfBitsToFloat, toHalfArray, toHalfBits } from '../../src/models/fp16/half.js';
import { createRng } from '../../src/stats/random.js';

const bits = (x: number) => toHalfBits(x).bits;

describe('toHalfBits', () => {
  it('encodes exact values', () => {
    expect(bits(1)).toBe(0x3c00);
    expect(bits(-2)).toBe(0xc000);
    expect(bits(0.5)).toBe(0x3800);
    expect(bits(HALF_MAX)).toBe(0x7bff);
    expect(bits(2 ** -14)).toBe(0x0400); // smallest normal
    expect(bits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(bits(0)).toBe(0x0000);
    expect(bits(-0)).toBe(0x8000);
  });

  it('rounds inexact values to the nearest half', () => {
    expect(bits(0.1)).toBe(0x2e66);
    expect(bits(1 / 3)).toBe(0x3555);
    expect(bits(Math.PI)).toBe(0x4248);
  });

  it('rounds ties to even, in the normal and subnormal ranges', () => {
    expect(bits(1 + 2 ** -11)).toBe(0x3c00); // between 0x3c00 and 0x3c01: to the even one
    expect(bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // between 0x3c01 and 0x3c02
    expect(bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // just above the tie
    expect(bits(2049)).toBe(0x6800); // 2048 and 2050 are neighbours: 2048 is even
    expect(bits(2051)).toBe(0x6802);
    expect(bits(2 ** -25)).toBe(0x0000); // half the smallest subnormal: to 0
    expect(bits(3 * 2 ** -25)).toBe(0x0002);
    expect(bits(1023.5 * 2 ** -24)).toBe(0x0400); // largest subnormal tie rounds up into the normals
  });

  it('flushes values below half the smallest subnormal to signed zero', () => {
    expect(bits(1e-8)).toBe(0x0000);
    expect(bits(-1e-8)).toBe(0x8000);
    expect(bits(5e-8)).toBe(0x0001);
  });

  it('clamps finite overflow to +-65504 and says so, keeps Inf and NaN', () => {
    expect(toHalfBits(70000)).toEqual({ bits: 0x7bff, clamped: true });
    expect(toHalfBits(-70000)).toEqual({ bits: 0xfbff, clamped: true });
    expect(toHalfBits(65519)).toEqual({ bits: 0x7bff, clamped: true });
    expect(toHalfBits(3.4e38)).toEqual({ bits: 0x7bff, clamped: true });
    expect(toHalfBits(Infinity)).toEqual({ bits: 0x7c00, clamped: false });
    expect(toHalfBits(-Infinity)).toEqual({ bits: 0xfc00, clamped: false });
    expect(toHalfBits(NaN)).toEqual({ bits: 0x7e00, clamped: false });
  });

  it('round-trips every half value', () => {
    const wrong: number[] = [];
    for (let h = 0; h < 0x10000; h++) {
      const v = halfBitsToFloat(h);
      const ok = Number.isNaN(v) ? Number.isNaN(halfBitsToFloat(bits(v))) : bits(v) === h;
      if (!ok) wrong.push(h);
    }
    expect(wrong).toEqual([]);
  });

  it('picks the nearest half (ties to even) for random float32 values', () => {
    const rand = createRng(3);
    const f32 = new Float32Array(1);
    const wrong: number[] = [];
    for (let i = 0; i < 20000; i++) {
      f32[0] = (rand() - 0.5) * 2 ** Math.floor(rand() * 40 - 28);
      const x = f32[0];
      const h = bits(x);
      const err = Math.abs(halfBitsToFloat(h) - x);
      for (const n of [h - 1, h + 1]) {
        if ((n & 0x7fff) === 0x7c00 || n < 0 || n > 0xffff || (n & 0x8000) !== (h & 0x8000)) continue;
        const other = Math.abs(halfBitsToFloat(n) - x);
        if (err > other || (err === other && (h & 1) === 1)) wrong.push(x);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('toHalfArray', () => {
  it('converts a tensor and counts the clamped values', () => {
    const { bits: out, clamped } = toHalfArray(new Float32Array([1, 70000, -1e6, 65504, NaN]));
    expect([...out]).toEqual([0x3c00, 0x7bff, 0xfbff, 0x7bff, 0x7e00]);
    expect(clamped).toBe(2);
  });
});

describe('halfBitsToFloat', () => {
  it('decodes normals, subnormals and specials', () => {
    expect(halfBitsToFloat(0x3c00)).toBe(1);
    expect(halfBitsToFloat(0x7bff)).toBe(65504);
    expect(halfBitsToFloat(0x0001)).toBe(2 ** -24);
    expect(halfBitsToFloat(0xfc00)).toBe(-Infinity);
  });
});
