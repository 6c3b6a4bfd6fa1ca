/**
 * Accuracy cost of a backend/target against the FP32 reference on the same inputs:
 * max absolute error, relative L2 error ||a-r|| / ||r|| and cosine similarity, per output
 * and overall (the worst output). An FP16 run whose reference outputs all lie below FP16's
 * normal range is "not measurable": its outputs underflow whatever the backend does (random-
 * weight MobileNetV2's logits are ~1e-9), so a cosine of 0 there says nothing about it.
 */
import type { Accuracy } from '../results/schema.js';
import type { TensorMap } from '../tensors.js';
import { tensorValues } from './tensor-values.js';

/** FP16's smallest normal number, 2^-14: below it FP16 keeps fewer than 11 significant bits. */
export const FP16_MIN_NORMAL = 2 ** -14;

export interface CompareOptions {
  /** The measured configuration computes in FP16 (an FP16 target). Default false. */
  fp16?: boolean;
}

type OutputAccuracy = Accuracy['perOutput'][number];

function notMeasurableInFp16(maxAbsRef: number): string {
  return (
    `the FP32 reference's largest |value| is ${maxAbsRef.toExponential(2)}, below FP16's smallest normal number ` +
    `(${FP16_MIN_NORMAL.toExponential(2)}): in FP16 these outputs underflow to subnormals or zero on any backend, ` +
    'so the error figures say nothing about this configuration (use real weights or inputs with outputs in range)'
  );
}

function worst(list: OutputAccuracy[]): Pick<Accuracy, 'maxAbsError' | 'relL2Error' | 'cosine'> {
  return {
    maxAbsError: Math.max(0, ...list.map((o) => o.maxAbsError)),
    relL2Error: Math.max(0, ...list.map((o) => o.relL2Error)),
    cosine: Math.min(1, ...list.map((o) => o.cosine)),
  };
}

export function compareOutputs(reference: TensorMap, actual: TensorMap, referenceSpec: string, options: CompareOptions = {}): Accuracy {
  const perOutput = Object.entries(reference).map(([name, ref]): OutputAccuracy => {
    const got = actual[name];
    if (!got) throw new Error(`output '${name}' of the reference is missing from the measured outputs`);
    const r = tensorValues(ref);
    const a = tensorValues(got);
    if (r.length !== a.length) throw new Error(`output '${name}' has ${a.length} values, the reference ${r.length}`);
    let maxAbs = 0;
    let maxAbsRef = 0;
    let diff2 = 0;
    let ref2 = 0;
    let act2 = 0;
    let dot = 0;
    for (let i = 0; i < r.length; i++) {
      const d = a[i]! - r[i]!;
      maxAbs = Math.max(maxAbs, Math.abs(d));
      maxAbsRef = Math.max(maxAbsRef, Math.abs(r[i]!));
      diff2 += d * d;
      ref2 += r[i]! * r[i]!;
      act2 += a[i]! * a[i]!;
      dot += a[i]! * r[i]!;
    }
    const relL2Error = ref2 > 0 ? Math.sqrt(diff2 / ref2) : Math.sqrt(diff2);
    const cosine = ref2 > 0 && act2 > 0 ? dot / Math.sqrt(ref2 * act2) : ref2 === act2 ? 1 : 0;
    const unmeasurable = options.fp16 && r.length > 0 && maxAbsRef < FP16_MIN_NORMAL ? notMeasurableInFp16(maxAbsRef) : undefined;
    return { name, maxAbsError: maxAbs, relL2Error, cosine, ...(unmeasurable ? { notMeasurable: unmeasurable } : {}) };
  });
  const measurable = perOutput.filter((o) => !o.notMeasurable);
  const allOut = measurable.length === 0 && perOutput.length > 0;
  return {
    reference: referenceSpec,
    // Overall: the worst measurable output; the raw worst of all when none is measurable.
    ...worst(allOut ? perOutput : measurable),
    ...(allOut ? { notMeasurable: perOutput.map((o) => `${o.name}: ${o.notMeasurable}`).join('; ') } : {}),
    perOutput,
  };
}
