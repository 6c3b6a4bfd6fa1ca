/** Conversions between dnnperf's HostTensor and onnxruntime's Tensor. */
import type { Tensor } from 'onnxruntime-node';
import type { DType } from '../../results/schema.js';
import type { HostTensor } from '../../tensors.js';

type OrtModule = typeof import('onnxruntime-node');

const ORT_TO_DTYPE: Record<string, DType> = {
  float32: 'float32',
  float16: 'float16',
  int64: 'int64',
  int32: 'int32',
  int8: 'int8',
  uint8: 'uint8',
  bool: 'bool',
};

export function dtypeFromOrt(type: string): DType {
  const d = ORT_TO_DTYPE[type];
  if (!d) throw new Error(`onnxruntime tensor type '${type}' is not supported by dnnperf (supported: ${Object.keys(ORT_TO_DTYPE).join(', ')})`);
  return d;
}

// Where the runtime has Float16Array (Node 24), onnxruntime-common wraps float16 data in one, while
// onnxruntime-node 1.29's binding reads only a Uint16Array (from a Float16Array it reads 0 bytes:
// "not enough space") and its outputs come back as Float16Array numbers. dnnperf's float16 is IEEE
// half bits in a Uint16Array everywhere, so both directions hand the binding and the caller the bits.

export function toOrtTensor(ort: OrtModule, t: HostTensor): Tensor {
  const tensor = new ort.Tensor(t.dtype, t.data as never, t.dims);
  if (t.dtype === 'float16' && !(tensor.data instanceof Uint16Array)) Object.defineProperty(tensor, 'data', { value: t.data });
  return tensor;
}

export function fromOrtTensor(t: Tensor): HostTensor {
  const data = t.data as HostTensor['data'];
  const bits = t.type === 'float16' && !(data instanceof Uint16Array) ? new Uint16Array(data.buffer, data.byteOffset, data.length) : data;
  return { dtype: dtypeFromOrt(t.type), dims: [...t.dims], data: bits };
}
