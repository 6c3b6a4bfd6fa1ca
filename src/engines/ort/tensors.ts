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

export function toOrtTensor(ort: OrtModule, t: HostTensor): Tensor {
  return new ort.Tensor(t.dtype, t.data as never, t.dims);
}

export function fromOrtTensor(t: Tensor): HostTensor {
  return { dtype: dtypeFromOrt(t.type), dims: [...t.dims], data: t.data as HostTensor['data'] };
}
