/** Writes .npy and TensorProto .pb files the way numpy.save and onnx.numpy_helper do, for tests. */
import { writeFileSync } from 'node:fs';
import { onnxElemType } from '../../src/models/onnx/dtype.js';
import { onnx } from '../../src/models/onnx/proto.js';
import type { DType } from '../../src/results/schema.js';
import type { HostTensor } from '../../src/tensors.js';

const NPY_CODE: Record<DType, string> = { float32: '<f4', float16: '<f2', int64: '<i8', int32: '<i4', int8: '|i1', uint8: '|u1', bool: '|b1' };

const bytesOf = (data: HostTensor['data']): Uint8Array => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** numpy.save's layout: magic, version 1.0, a dict header padded with spaces to a multiple of 64 bytes, the values. */
export function npyBytes(dtype: DType, dims: number[], data: HostTensor['data'], options: { descr?: string; fortran?: boolean } = {}): Buffer {
  const shape = dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
  let header = `{'descr': '${options.descr ?? NPY_CODE[dtype]}', 'fortran_order': ${options.fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += `${' '.repeat(pad % 64)}\n`;
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), bytesOf(data)]);
}

/** A TensorProto with raw_data (as onnx.numpy_helper.from_array writes it). */
export function tensorProtoBytes(name: string, dtype: DType, dims: number[], data: HostTensor['data']): Uint8Array {
  return onnx.TensorProto.encode({ name, dims, dataType: onnxElemType(dtype), rawData: bytesOf(data) }).finish();
}

export const writeNpy = (path: string, ...args: Parameters<typeof npyBytes>): string => {
  writeFileSync(path, npyBytes(...args));
  return path;
};
export const writePb = (path: string, ...args: Parameters<typeof tensorProtoBytes>): string => {
  writeFileSync(path, tensorProtoBytes(...args));
  return path;
};
