import type { DType } from '../../results/schema.js';
import type { TensorMeta } from '../../tensors.js';

/** An output's concrete shape at a given batch size. */
export interface OutputShape {
  name: string;
  dtype: DType;
  dims: number[];
}

/** A model dnnperf builds itself: no download, same bytes for the same seed. */
export interface BuiltinModel {
  id: string;
  description: string;
  /** A pure function: ONNX bytes for this seed. */
  build(seed: number): Uint8Array;
  /** Inputs as declared in the model, with the symbolic `batch` dim. */
  inputs: TensorMeta[];
  /** What each output's shape must be at this batch size. */
  outputs(batch: number): OutputShape[];
}
