/** Reads any host tensor as float64 numbers (half bits decoded), for checks and accuracy. */

import { halfBitsToFloat } from '../models/fp16/half.js';
import type { HostTensor } from '../tensors.js';

export function tensorValues(t: HostTensor): Float64Array {
  const out = new Float64Array(t.data.length);
  if (t.dtype === 'float16') {
    for (let i = 0; i < out.length; i++) out[i] = halfBitsToFloat((t.data as Uint16Array)[i]!);
  } else {
    for (let i = 0; i < out.length; i++) out[i] = Number(t.data[i]);
  }
  return out;
}
