/** HostTensor <-> the raw little-endian bytes the worker reads with np.frombuffer. */

import { DnnperfError } from '../../errors.js';
import type { DType } from '../../results/schema.js';
import type { HostTensor, TensorMap } from '../../tensors.js';

/** The header the worker needs to rebuild an array from its bytes. */
export interface TensorHeader {
  name: string;
  dtype: DType;
  dims: number[];
}

export function tensorBytes(t: HostTensor): Uint8Array {
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

/** Input sets as the worker takes them: per set, a header per model input, and the bytes in the same order. */
export function inputPayload(inputs: readonly { name: string }[], sets: readonly TensorMap[]): { headers: TensorHeader[][]; blobs: Uint8Array[] } {
  const blobs: Uint8Array[] = [];
  const headers = sets.map((set, i) =>
    inputs.map(({ name }) => {
      const t = set[name];
      if (!t) throw new DnnperfError('E_ENGINE', `input set ${i} has no tensor for input '${name}'`);
      blobs.push(tensorBytes(t));
      return { name, dtype: t.dtype, dims: t.dims };
    }),
  );
  return { headers, blobs };
}

const VIEWS: Record<DType, (b: ArrayBuffer) => HostTensor['data']> = {
  float32: (b) => new Float32Array(b),
  float16: (b) => new Uint16Array(b),
  int64: (b) => new BigInt64Array(b),
  int32: (b) => new Int32Array(b),
  int8: (b) => new Int8Array(b),
  uint8: (b) => new Uint8Array(b),
  bool: (b) => new Uint8Array(b),
};

/** An output from the worker: numpy's dtype name, its shape, its bytes (copied: typed arrays need alignment). */
export function tensorFromBytes(name: string, numpyDtype: string, dims: number[], bytes: Buffer): HostTensor {
  if (!(numpyDtype in VIEWS)) {
    throw new DnnperfError('E_ENGINE', `OpenCV returned output '${name}' as ${numpyDtype}, a dtype dnnperf does not handle`);
  }
  const dtype = numpyDtype as DType;
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { dtype, dims, data: VIEWS[dtype](copy) };
}
