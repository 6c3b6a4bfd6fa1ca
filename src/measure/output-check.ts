/** Shapes, dtypes and NaN/Inf counts of a run's outputs. */
import type { TensorMap } from '../tensors.js';
import { tensorValues } from './tensor-values.js';

export function checkOutputs(outputs: TensorMap) {
  return Object.entries(outputs).map(([name, t]) => ({
    name,
    dtype: t.dtype,
    shape: t.dims,
    nonFinite: t.dtype === 'float32' || t.dtype === 'float16' ? tensorValues(t).filter((v) => !Number.isFinite(v)).length : 0,
  }));
}
