/** Input specs, the values they make, where each input's values come from, and file shapes against --shape/--batch. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeInputSets } from '../../src/models/input-data.js';
import { checkSpecForDtype } from '../../src/models/inputs/check-spec.js';
import { tileFactors, withFileShapes } from '../../src/models/inputs/file-shapes.js';
import { type GeneratedSpec, parseInputSpec } from '../../src/models/inputs/input-spec.js';
import { type DeclaredInput, planModelInputs } from '../../src/models/inputs/plan-inputs.js';
import { findTestDataSets } from '../../src/models/inputs/test-data-set.js';
import { resolveShapes } from '../../src/models/resolve-shapes.js';
import type { DType } from '../../src/results/schema.js';
import { createRng } from '../../src/stats/random.js';
import { writeNpy, writePb } from '../helpers/tensor-files.js';
import { tempDir } from '../helpers/tmp.js';

describe('parseInputSpec', () => {
  it.each([
    ['16000', { kind: 'constant', literal: '16000' }],
    ['-0.5', { kind: 'constant', literal: '-0.5' }],
    ['true', { kind: 'constant', literal: 'true' }],
    ['zeros', { kind: 'zeros' }],
    ['ones', { kind: 'ones' }],
    ['normal', { kind: 'normal' }],
    ['uniform:-1..2.5', { kind: 'uniform', low: -1, high: 2.5 }],
    ['int:0..30521', { kind: 'int', low: 0, high: 30521 }],
    ['int:-3..-3', { kind: 'int', low: -3, high: -3 }],
    ['@dir/x.npy', { kind: 'file', format: 'npy', path: 'dir/x.npy' }],
    ['@input_0.pb', { kind: 'file', format: 'pb', path: 'input_0.pb' }],
  ])('%s', (text, spec) => {
    expect(parseInputSpec(text, 'l')).toEqual(spec);
  });

  it.each([
    ['int:9..0', 'l: the range is reversed (9 > 0): write int:0..9'],
    ['uniform:1..1', 'l: the range is empty or reversed (1 >= 1): write uniform:LOW..HIGH with LOW < HIGH'],
    ['int:0-9', "l: 'int:0-9' is not int:LOW..HIGH: e.g. int:0..30521 or uniform:-1..1"],
    ['gaussian', "l: 'gaussian' is not an input spec: use a number, zeros, ones, normal, uniform:LOW..HIGH, int:LOW..HIGH, @file.npy or @file.pb"],
    ['@x.bin', "l: 'x.bin' is neither a .npy (NumPy) nor a .pb (ONNX TensorProto) file: give @file.npy or @file.pb"],
  ])('refuses %s', (text, message) => {
    expect(() => parseInputSpec(text, 'l')).toThrow(message);
  });
});

describe('checkSpecForDtype', () => {
  const check = (text: string, dtype: DType) => () => checkSpecForDtype(parseInputSpec(text, 'l') as GeneratedSpec, dtype, 'l');
  it('takes what fits', () => {
    for (const [text, dtype] of [
      ['7', 'int64'],
      ['9223372036854775807', 'int64'],
      ['true', 'bool'],
      ['0.5', 'float16'],
      ['int:0..255', 'uint8'],
      ['normal', 'float32'],
      ['int:0..9', 'float32'],
    ] as const) {
      expect(check(text, dtype)).not.toThrow();
    }
  });
  it('refuses what does not, naming the dtype', () => {
    expect(check('normal', 'int64')).toThrow('l: normal draws floats, but the input is int64: use int:LOW..HIGH or a constant');
    expect(check('uniform:0..1', 'bool')).toThrow('uniform draws floats, but the input is bool');
    expect(check('1.5', 'int32')).toThrow('l: 1.5 is not a whole number, but the input is int32: give an integer');
    expect(check('300', 'uint8')).toThrow("l: 300 is outside uint8's range 0..255: give a value in it");
    expect(check('int:0..2', 'bool')).toThrow("l: int:0..2 goes outside bool's range 0..1: narrow it");
  });
});

describe('makeInputSets with specs', () => {
  const fill = (spec: GeneratedSpec, dtype: DType, n = 4000, seed = 3) =>
    makeInputSets([{ name: 'x', dtype, values: { kind: 'spec', spec } }], { x: [n] }, 1, seed)[0]!['x']!.data;

  it('constants fill the shape in the input dtype, int64 exactly', () => {
    expect(fill({ kind: 'constant', literal: '16000' }, 'int32', 3)).toEqual(Int32Array.from([16000, 16000, 16000]));
    expect(fill({ kind: 'constant', literal: '9007199254740993' }, 'int64', 2)).toEqual(BigInt64Array.from([9007199254740993n, 9007199254740993n]));
    expect(fill({ kind: 'constant', literal: 'true' }, 'bool', 2)).toEqual(Uint8Array.from([1, 1]));
    expect(fill({ kind: 'ones' }, 'float16', 2)).toEqual(Uint16Array.from([0x3c00, 0x3c00]));
    expect(fill({ kind: 'zeros' }, 'float32', 2)).toEqual(Float32Array.from([0, 0]));
  });

  it('int:LOW..HIGH gives every integer of the range, both ends included, and nothing else', () => {
    const v = [...(fill({ kind: 'int', low: 3, high: 6 }, 'int64') as BigInt64Array)].map(Number);
    expect(new Set(v)).toEqual(new Set([3, 4, 5, 6]));
  });

  it('uniform stays in [LOW, HIGH); normal has mean 0 and sd 1; both seeded', () => {
    const u = [...(fill({ kind: 'uniform', low: -2, high: 4 }, 'float32') as Float32Array)];
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...u)).toBeLessThan(4);
    expect(Math.max(...u) - Math.min(...u)).toBeGreaterThan(5.9);
    const n = [...(fill({ kind: 'normal' }, 'float32') as Float32Array)];
    const mean = n.reduce((a, b) => a + b, 0) / n.length;
    const sd = Math.sqrt(n.reduce((a, b) => a + (b - mean) ** 2, 0) / n.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(sd - 1)).toBeLessThan(0.05);
    expect(fill({ kind: 'normal' }, 'float32')).toEqual(fill({ kind: 'normal' }, 'float32'));
    expect(fill({ kind: 'normal' }, 'float32', 4000, 4)).not.toEqual(fill({ kind: 'normal' }, 'float32'));
  });

  it('random inputs keep the values they had before specs existed (same seed, same sequence)', () => {
    const sets = makeInputSets(
      [
        { name: 'a', dtype: 'float32' },
        { name: 'b', dtype: 'int64' },
      ],
      { a: [2], b: [2] },
      1,
      42,
    )[0]!;
    // The formulas every earlier run used: floats rng * 2 - 1, ints floor(rng * 2), one stream in input order.
    const rng = createRng(42);
    expect(sets['a']!.data).toEqual(Float32Array.from([rng() * 2 - 1, rng() * 2 - 1]));
    expect(sets['b']!.data).toEqual(BigInt64Array.from([BigInt(Math.floor(rng() * 2)), BigInt(Math.floor(rng() * 2))]));
  });

  it('file inputs are read once, tiled, and rotate with the sets', () => {
    const dir = tempDir();
    const a = writeNpy(join(dir, 'a.npy'), 'float32', [1, 2], Float32Array.from([1, 2]));
    const b = writeNpy(join(dir, 'b.npy'), 'float32', [1, 2], Float32Array.from([3, 4]));
    const sets = makeInputSets(
      [{ name: 'x', dtype: 'float32', values: { kind: 'file', files: [a, b], sha256s: ['', ''], dims: [1, 2], origin: 'test-data' } }],
      { x: [2, 2] },
      3,
      1,
      { x: 2 },
    );
    expect(sets.map((s) => [...(s['x']!.data as Float32Array)])).toEqual([
      [1, 2, 1, 2],
      [3, 4, 3, 4],
      [1, 2, 1, 2],
    ]);
    expect(sets[0]!['x']!.dims).toEqual([2, 2]);
  });
});

const IMAGE: DeclaredInput = { name: 'image', dtype: 'float32', dims: ['N', 3, 'H', 'W'] };
const SR: DeclaredInput = { name: 'sr', dtype: 'int64', dims: [] };

describe('planModelInputs', () => {
  it('given specs win, the rest is random; files are checked against dtype, rank and fixed dims', () => {
    const dir = tempDir();
    const img = writeNpy(join(dir, 'img.npy'), 'float32', [1, 3, 8, 8], new Float32Array(192));
    const plan = planModelInputs({ model: 'm', inputs: [IMAGE, SR], outputs: ['y'], given: { image: { text: `@${img}`, label: 'L' } } });
    expect(plan.source).toBe('given');
    expect(plan.inputs.map((i) => i.values.kind)).toEqual(['file', 'random']);
    const wrongDtype = writeNpy(join(dir, 'i.npy'), 'int64', [1, 3, 8, 8], new BigInt64Array(192));
    expect(() => planModelInputs({ model: 'm', inputs: [IMAGE], outputs: [], given: { image: { text: `@${wrongDtype}`, label: 'L' } } })).toThrow(
      `L (${wrongDtype}) holds int64 values, but input 'image' of m is float32: give a float32 file`,
    );
    const wrongShape = writeNpy(join(dir, 's.npy'), 'float32', [1, 4, 8, 8], new Float32Array(256));
    expect(() => planModelInputs({ model: 'm', inputs: [IMAGE], outputs: [], given: { image: { text: `@${wrongShape}`, label: 'L' } } })).toThrow(
      `L (${wrongShape}) is 1x4x8x8, but input 'image' of m is Nx3xHxW: give a file of that shape`,
    );
    expect(() => planModelInputs({ model: 'm', inputs: [IMAGE], outputs: [], given: { img: { text: '1', label: 'L' } } })).toThrow(
      "L: 'img' is not an input of m (its inputs: image): fix the input name",
    );
  });

  it('a test data set feeds every input, matched by tensor name (else by position), with its outputs kept', () => {
    const dir = tempDir();
    for (const k of [0, 1, 2]) {
      const set = join(dir, `test_data_set_${k}`);
      mkdirSync(set);
      writePb(join(set, 'input_0.pb'), 'sr', 'int64', [], BigInt64Array.from([16000n]));
      writePb(join(set, 'input_1.pb'), 'image', 'float32', [1, 3, 2, k === 2 ? 3 : 2], new Float32Array(k === 2 ? 18 : 12));
      writePb(join(set, 'output_0.pb'), '', 'float32', [1], new Float32Array(1));
    }
    const plan = planModelInputs({ model: 'm', inputs: [IMAGE, SR], outputs: ['y'], given: {}, testData: { sets: findTestDataSets(dir), label: 'T' } });
    expect(plan.source).toBe('test-data');
    expect(plan.sets).toBe(2);
    expect(plan.notes).toEqual([`${join(dir, 'test_data_set_2')} left out: its inputs differ in shape from ${join(dir, 'test_data_set_0')}`]);
    const image = plan.inputs[0]!.values;
    expect(image.kind === 'file' && image.files).toEqual([join(dir, 'test_data_set_0', 'input_1.pb'), join(dir, 'test_data_set_1', 'input_1.pb')]);
    expect(plan.expected?.sets.map((s) => [s.index, s.files])).toEqual([
      [0, { y: join(dir, 'test_data_set_0', 'output_0.pb') }],
      [1, { y: join(dir, 'test_data_set_1', 'output_0.pb') }],
    ]);
    // An input given on top of the test data: the outputs can no longer be checked.
    const mixed = planModelInputs({
      model: 'm',
      inputs: [IMAGE, SR],
      outputs: ['y'],
      given: { sr: { text: '8000', label: 'L' } },
      testData: { sets: findTestDataSets(dir), label: 'T' },
    });
    expect(mixed.source).toBe('given');
    expect(mixed.expected).toBeUndefined();
    expect(mixed.notes).toContain('outputs not checked against the test data: some inputs did not come from it');
  });
});

describe('file shapes against --shape and --batch', () => {
  const dir = tempDir();
  const img = writeNpy(join(dir, 'img.npy'), 'float32', [2, 3, 4, 5], new Float32Array(120));
  const plan = planModelInputs({ model: 'm', inputs: [IMAGE], outputs: [], given: { image: { text: `@${img}`, label: 'L' } } });

  it('the file fixes every dim but the batch, which is tiled to multiples of its own', () => {
    const request = withFileShapes(plan, [IMAGE], {}, 'm');
    expect(request).toEqual({ image: [null, 3, 4, 5] });
    const shapes = resolveShapes([IMAGE], 6, request, 'm').shapes;
    expect(shapes).toEqual({ image: [6, 3, 4, 5] });
    expect(tileFactors(plan, shapes, 6)).toEqual({ image: 3 });
    expect(() => tileFactors(plan, resolveShapes([IMAGE], 3, request, 'm').shapes, 3)).toThrow(
      `batch 3 cannot be made from file ${img}, which is 2x3x4x5: dnnperf repeats a file's samples along dim 0, so give --batch multiples of 2 (or a file of batch 3)`,
    );
  });

  it('a --shape that disagrees with the file names both', () => {
    expect(() => withFileShapes(plan, [IMAGE], { image: [null, 3, 8, 8] }, 'm')).toThrow(
      `shape Nx3x8x8 asked for input 'image' of m (--shape or the suite) disagrees with file ${img}, which is 2x3x4x5: drop that shape or give a file of that shape`,
    );
    expect(withFileShapes(plan, [IMAGE], { image: [null, 3, 4, 5] }, 'm')).toEqual({ image: [null, 3, 4, 5] });
  });
});
