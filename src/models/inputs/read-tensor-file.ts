/** Reads a tensor file by its extension: `.npy` (NumPy) or `.pb` (ONNX TensorProto). */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { DnnperfError } from '../../errors.js';
import type { HostTensor } from '../../tensors.js';
import { parseNpy } from './npy.js';
import type { ReadTensorFile } from './tensor-bytes.js';
import { parseTensorProto } from './tensor-proto.js';

/** `label` names the file in messages, e.g. `--input x=@x.npy`. */
export function readTensorFile(path: string, label: string): ReadTensorFile {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new DnnperfError('E_INPUT', `${label}: no such file ${path}: check the path (relative paths start from the current folder)`);
  }
  const bytes = readFileSync(path);
  const what = `${label} (${path})`;
  const parsed = /\.npy$/i.test(path) ? parseNpy(bytes, what) : parseTensorProto(bytes, what);
  return { ...parsed, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** `t` repeated `times` times along dim 0: a batch of `times` copies of the file's samples. */
export function tileBatch(t: HostTensor, times: number): HostTensor {
  if (times === 1) return t;
  // Same typed array class as the source; `set` copies within one class.
  const Ctor = t.data.constructor as new (n: number) => HostTensor['data'] & { set(from: HostTensor['data'], at: number): void };
  const data = new Ctor(t.data.length * times);
  for (let i = 0; i < times; i++) data.set(t.data, i * t.data.length);
  return { dtype: t.dtype, dims: [t.dims[0]! * times, ...t.dims.slice(1)], data };
}
