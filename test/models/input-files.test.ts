/** .npy and TensorProto readers, batch tiling and ONNX test data set discovery. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNpy } from '../../src/models/inputs/npy.js';
import { readTensorFile, tileBatch } from '../../src/models/inputs/read-tensor-file.js';
import { parseTensorProto } from '../../src/models/inputs/tensor-proto.js';
import { findTestDataSets, requireTestDataSets } from '../../src/models/inputs/test-data-set.js';
import { onnx } from '../../src/models/onnx/proto.js';
import type { DType } from '../../src/results/schema.js';
import type { HostTensor } from '../../src/tensors.js';
import { npyBytes, tensorProtoBytes, writePb } from '../helpers/tensor-files.js';
import { tempDir } from '../helpers/tmp.js';

const SAMPLES: Record<DType, HostTensor['data']> = {
  float32: Float32Array.from([1.5, -2, 0.25, 1e-3, 7, -8]),
  float16: Uint16Array.from([0x3c00, 0xc000, 0x3400, 0x0001, 0x4700, 0xc800]),
  int64: BigInt64Array.from([1n, -2n, 2n ** 40n, 0n, 5n, -(2n ** 62n)]),
  int32: Int32Array.from([1, -2, 2 ** 30, 0, 5, -6]),
  int8: Int8Array.from([1, -2, 127, -128, 5, 0]),
  uint8: Uint8Array.from([1, 2, 255, 0, 5, 6]),
  bool: Uint8Array.from([1, 0, 1, 1, 0, 0]),
};
const DTYPES = Object.keys(SAMPLES) as DType[];

describe('.npy reader', () => {
  it.each(DTYPES)('reads %s with its shape and exact values', (dtype) => {
    const t = parseNpy(npyBytes(dtype, [2, 3], SAMPLES[dtype]), 'x.npy').tensor;
    expect(t).toEqual({ dtype, dims: [2, 3], data: SAMPLES[dtype] });
  });

  it('reads scalars, 1-D arrays and big-endian data', () => {
    expect(parseNpy(npyBytes('int64', [], BigInt64Array.from([7n])), 's.npy').tensor).toEqual({ dtype: 'int64', dims: [], data: BigInt64Array.from([7n]) });
    const be = Buffer.alloc(8);
    be.writeFloatBE(1.5, 0);
    be.writeFloatBE(-3, 4);
    const t = parseNpy(npyBytes('float32', [2], new Uint8Array(be), { descr: '>f4' }), 'be.npy').tensor;
    expect([...(t.data as Float32Array)]).toEqual([1.5, -3]);
    expect(t.dims).toEqual([2]);
  });

  it('refuses what it cannot read, each with the fix', () => {
    expect(() => parseNpy(Buffer.from('not numpy at all'), 'a.npy')).toThrow('a.npy is not a NumPy .npy file (no \\x93NUMPY magic): save it with numpy.save');
    expect(() => parseNpy(npyBytes('float32', [2], new Uint8Array(16), { descr: '<f8' }), 'd.npy')).toThrow(
      /d\.npy holds NumPy dtype f8, which dnnperf cannot feed: convert it, e\.g\. numpy\.save\(f, x\.astype\(numpy\.float32\)\)/,
    );
    expect(() => parseNpy(npyBytes('float32', [2, 2], new Float32Array(4), { fortran: true }), 'f.npy')).toThrow(
      'f.npy is stored in Fortran order: save it with numpy.save(f, numpy.ascontiguousarray(x))',
    );
    const cut = npyBytes('float32', [2, 3], SAMPLES.float32);
    expect(() => parseNpy(cut.subarray(0, cut.length - 4), 't.npy')).toThrow(
      't.npy holds 20 data bytes, but its shape needs 6 float32 values (24 bytes): the file is truncated or damaged; write it again',
    );
  });
});

describe('TensorProto reader', () => {
  it.each(DTYPES)('reads %s from raw_data with the tensor name', (dtype) => {
    expect(parseTensorProto(tensorProtoBytes('x', dtype, [3, 2], SAMPLES[dtype]), 'x.pb')).toEqual({
      name: 'x',
      tensor: { dtype, dims: [3, 2], data: SAMPLES[dtype] },
    });
  });

  it('reads the typed fields (float_data, int64_data, int32_data for bool)', () => {
    const enc = (t: object) => onnx.TensorProto.encode(t).finish();
    expect(parseTensorProto(enc({ dims: [2], dataType: 1, floatData: [0.5, -1] }), 'f.pb').tensor.data).toEqual(Float32Array.from([0.5, -1]));
    expect(parseTensorProto(enc({ dims: [2], dataType: 7, int64Data: [3, -4] }), 'i.pb').tensor.data).toEqual(BigInt64Array.from([3n, -4n]));
    expect(parseTensorProto(enc({ dims: [3], dataType: 9, int32Data: [1, 0, 2] }), 'b.pb').tensor.data).toEqual(Uint8Array.from([1, 0, 1]));
  });

  it('refuses unsupported types, external data and wrong sizes', () => {
    const enc = (t: object) => onnx.TensorProto.encode(t).finish();
    expect(() => parseTensorProto(enc({ dims: [1], dataType: 11, doubleData: [1] }), 'd.pb')).toThrow(/d\.pb holds DOUBLE values, which dnnperf cannot feed/);
    expect(() => parseTensorProto(enc({ dims: [1], dataType: 1, dataLocation: 1 }), 'e.pb')).toThrow(
      'e.pb keeps its values in an external file: save the tensor with its data inside the .pb file',
    );
    expect(() => parseTensorProto(enc({ dims: [3], dataType: 1, floatData: [1] }), 's.pb')).toThrow(
      's.pb holds 1 values, but its shape needs 3: the file is truncated or damaged; write it again',
    );
  });
});

describe('readTensorFile and tileBatch', () => {
  it('names a missing file, and reads by extension with the sha256 of the bytes', () => {
    const dir = tempDir();
    expect(() => readTensorFile(join(dir, 'no.npy'), '--input x=@no.npy')).toThrow(`--input x=@no.npy: no such file ${join(dir, 'no.npy')}: check the path`);
    const p = writePb(join(dir, 'x.pb'), 'x', 'int32', [2], Int32Array.from([4, 5]));
    const f = readTensorFile(p, 'x');
    expect(f.tensor.data).toEqual(Int32Array.from([4, 5]));
    expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('repeats the samples along dim 0', () => {
    const t: HostTensor = { dtype: 'int64', dims: [1, 2], data: BigInt64Array.from([1n, 2n]) };
    expect(tileBatch(t, 3)).toEqual({ dtype: 'int64', dims: [3, 2], data: BigInt64Array.from([1n, 2n, 1n, 2n, 1n, 2n]) });
    expect(tileBatch(t, 1)).toBe(t);
  });
});

describe('test data sets', () => {
  it('finds test_data_set_<k> folders in numeric order, with inputs and outputs in index order', () => {
    const dir = tempDir();
    for (const k of [10, 2]) {
      const set = join(dir, `test_data_set_${k}`);
      mkdirSync(set);
      for (const f of ['input_1.pb', 'input_0.pb', 'output_0.pb']) writeFileSync(join(set, f), '');
    }
    mkdirSync(join(dir, 'test_data_set_3')); // empty: left out
    const sets = findTestDataSets(dir);
    expect(sets.map((s) => s.dir)).toEqual([join(dir, 'test_data_set_2'), join(dir, 'test_data_set_10')]);
    expect(sets[0]!.inputs).toEqual([join(dir, 'test_data_set_2', 'input_0.pb'), join(dir, 'test_data_set_2', 'input_1.pb')]);
    expect(sets[0]!.outputs).toEqual([join(dir, 'test_data_set_2', 'output_0.pb')]);
    expect(findTestDataSets(sets[0]!.dir)).toEqual([sets[0]]);
  });

  it('a folder the user named must hold a set', () => {
    const dir = tempDir();
    expect(() => requireTestDataSets(dir, '--inputs-from d')).toThrow(
      `--inputs-from d: ${dir} holds no input_<i>.pb files and no test_data_set_<k>/ folders: give an ONNX test data set folder`,
    );
    expect(() => requireTestDataSets(join(dir, 'no'), '--inputs-from no')).toThrow(`--inputs-from no: no such folder ${join(dir, 'no')}: check the path`);
  });
});
