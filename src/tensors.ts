/**
 * Tensors as the models, engines and the measurement share them: a leaf module, so models/
 * (which generates inputs) and engines/ (which runs them) need not import each other.
 */
import type { DType } from './results/schema.js';

/** A tensor in host memory. `data` length is the product of `dims`. */
export interface HostTensor {
  dtype: DType;
  dims: number[];
  data: Float32Array | Uint16Array | BigInt64Array | Int32Array | Int8Array | Uint8Array;
}

export type TensorMap = Record<string, HostTensor>;

/** A model input or output as declared: dims are numbers, symbolic names, or null when unnamed. */
export interface TensorMeta {
  name: string;
  dtype: DType;
  dims: Array<number | string | null>;
}
