/** Raw tensor bytes (a .npy body, a TensorProto's raw_data) to a host tensor, size-checked. */
import { DnnperfError } from '../../errors.js';
import type { DType } from '../../results/schema.js';
import type { HostTensor } from '../../tensors.js';

/** A tensor read from a file; `name` is the TensorProto's name when it has one. */
export interface TensorFile {
  name?: string;
  tensor: HostTensor;
}

/** A tensor file as read from disk, with the sha256 of its bytes (configuration keys use content, not paths). */
export interface ReadTensorFile extends TensorFile {
  sha256: string;
}

export const ITEM_BYTES: Record<DType, number> = { float32: 4, float16: 2, int64: 8, int32: 4, int8: 1, uint8: 1, bool: 1 };

export const elementCount = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/** Reads exactly `count` values of `dtype`; any other size is a damaged or mislabelled file. */
export function readElements(raw: Uint8Array, dtype: DType, count: number, littleEndian: boolean, what: string): HostTensor['data'] {
  const item = ITEM_BYTES[dtype];
  if (raw.length !== count * item) {
    throw new DnnperfError(
      'E_INPUT',
      `${what} holds ${raw.length} data bytes, but its shape needs ${count} ${dtype} values (${count * item} bytes): the file is truncated or damaged; write it again`,
    );
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const read = <T extends number | bigint>(get: (at: number) => T, make: (n: number) => HostTensor['data']) => {
    const out = make(count);
    const writable = out as unknown as T[];
    for (let i = 0; i < count; i++) writable[i] = get(i * item);
    return out;
  };
  switch (dtype) {
    case 'float32':
      return read(
        (at) => view.getFloat32(at, littleEndian),
        (n) => new Float32Array(n),
      );
    case 'float16':
      return read(
        (at) => view.getUint16(at, littleEndian),
        (n) => new Uint16Array(n),
      );
    case 'int64':
      return read(
        (at) => view.getBigInt64(at, littleEndian),
        (n) => new BigInt64Array(n),
      );
    case 'int32':
      return read(
        (at) => view.getInt32(at, littleEndian),
        (n) => new Int32Array(n),
      );
    case 'int8':
      return read(
        (at) => view.getInt8(at),
        (n) => new Int8Array(n),
      );
    case 'uint8':
      return read(
        (at) => view.getUint8(at),
        (n) => new Uint8Array(n),
      );
    case 'bool':
      return read(
        (at) => (view.getUint8(at) === 0 ? 0 : 1),
        (n) => new Uint8Array(n),
      );
  }
}
