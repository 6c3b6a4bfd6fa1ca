/**
 * Accuracy cost of a backend/target against the FP32 reference on the same inputs:
 * max absolute error, relative L2 error ||a-r|| / ||r|| and cosine similarity, per output
 * and overall (the worst output).
 */
import type { Accuracy } from '../results/schema.js';
import type { TensorMap } from '../tensors.js';
import { tensorValues } from './tensor-values.js';

export function compareOutputs(reference: TensorMap, actual: TensorMap, referenceSpec: string): Accuracy {
  const perOutput = Object.entries(reference).map(([name, ref]) => {
    const got = actual[name];
    if (!got) throw new Error(`output '${name}' of the reference is missing from the measured outputs`);
    const r = tensorValues(ref);
    const a = tensorValues(got);
    if (r.length !== a.length) throw new Error(`output '${name}' has ${a.length} values, the reference ${r.length}`);
    let maxAbs = 0;
    let diff2 = 0;
    let ref2 = 0;
    let act2 = 0;
    let dot = 0;
    for (let i = 0; i < r.length; i++) {
      const d = a[i]! - r[i]!;
      maxAbs = Math.max(maxAbs, Math.abs(d));
      diff2 += d * d;
      ref2 += r[i]! * r[i]!;
      act2 += a[i]! * a[i]!;
      dot += a[i]! * r[i]!;
    }
    const relL2Error = ref2 > 0 ? Math.sqrt(diff2 / ref2) : Math.sqrt(diff2);
    const cosine = ref2 > 0 && act2 > 0 ? dot / Math.sqrt(ref2 * act2) : ref2 === act2 ? 1 : 0;
    return { name, maxAbsError: maxAbs, relL2Error, cosine };
  });
  return {
    reference: referenceSpec,
    maxAbsError: Math.max(0, ...perOutput.map((o) => o.maxAbsError)),
    relL2Error: Math.max(0, ...perOutput.map((o) => o.relL2Error)),
    cosine: Math.min(1, ...perOutput.map((o) => o.cosine)),
    perOutput,
  };
}
