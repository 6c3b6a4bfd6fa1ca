/**
 * Checks a configuration's outputs against the reference outputs of an ONNX test data set
 * (`output_<i>.pb`), with the same measures as the FP32 reference check (accuracy.ts): an
 * output matches when its relative L2 error is within tolerance. Anything that prevents the
 * comparison is a result (`mismatch` or `not-checked` with the reason), never a crash.
 */
import { errorMessage } from '../errors.js';
import type { ExpectedOutputFiles } from '../models/inputs/plan-inputs.js';
import { readTensorFile, tileBatch } from '../models/inputs/read-tensor-file.js';
import type { Accuracy, ExpectedOutputs } from '../results/schema.js';
import type { TensorMap } from '../tensors.js';
import { compareOutputs } from './accuracy.js';

/** Relative L2 error an FP32 configuration may show against the test data (onnxruntime's own test runner allows rtol 1e-3). */
export const OUTPUT_TOLERANCE = 1e-3;
/** The same for FP16 targets: half precision keeps about 3 decimal digits per value, and errors add up over layers. */
export const OUTPUT_TOLERANCE_FP16 = 1e-2;

export function outputTolerance(target: string | undefined): number {
  return target && /fp16/.test(target) ? OUTPUT_TOLERANCE_FP16 : OUTPUT_TOLERANCE;
}

/** What the measuring child needs: the files, the batch tiling of the inputs and the tolerance. */
export interface ExpectedOutputsJob extends ExpectedOutputFiles {
  tile: number;
  tolerance: number;
}

const fmt = (dims: readonly number[]) => dims.join('x') || 'a scalar';

/** Worst value per output over several comparisons. */
function worst(all: Accuracy[]): Accuracy {
  const perOutput = new Map<string, Accuracy['perOutput'][number]>();
  for (const a of all) {
    for (const o of a.perOutput) {
      const w = perOutput.get(o.name);
      perOutput.set(
        o.name,
        w
          ? {
              name: o.name,
              maxAbsError: Math.max(w.maxAbsError, o.maxAbsError),
              relL2Error: Math.max(w.relL2Error, o.relL2Error),
              cosine: Math.min(w.cosine, o.cosine),
            }
          : o,
      );
    }
  }
  const list = [...perOutput.values()];
  return {
    reference: all[0]!.reference,
    maxAbsError: Math.max(...list.map((o) => o.maxAbsError)),
    relL2Error: Math.max(...list.map((o) => o.relL2Error)),
    cosine: Math.min(...list.map((o) => o.cosine)),
    perOutput: list,
  };
}

/** `actual(index)` gives the outputs of input set `index`. */
export async function checkExpectedOutputs(job: ExpectedOutputsJob, actual: (index: number) => Promise<TensorMap>): Promise<ExpectedOutputs> {
  const base = { source: job.dir, tolerance: { relL2Error: job.tolerance }, sets: 0 };
  const tiled = job.tile > 1 ? ` at a batch tiled x${job.tile}` : '';
  const comparisons: Accuracy[] = [];
  try {
    for (const set of job.sets) {
      const outputs = await actual(set.index);
      const expected: TensorMap = {};
      for (const [name, path] of Object.entries(set.files)) {
        const t = readTensorFile(path, `reference output '${name}'`).tensor;
        const want = job.tile > 1 && t.dims.length > 0 ? tileBatch(t, job.tile) : t;
        const got = outputs[name];
        if (!got)
          return { ...base, status: 'mismatch', reason: `output '${name}' of ${path} is not among the model's outputs (${Object.keys(outputs).join(', ')})` };
        if (fmt(got.dims) !== fmt(want.dims)) {
          const why = `output '${name}' is ${fmt(got.dims)}, ${path} holds ${fmt(t.dims)}${tiled ? ` (${fmt(want.dims)} tiled)` : ''}`;
          // Tiled inputs only predict tiled outputs for batch-major outputs; others are checked at the data's own batch.
          return job.tile > 1
            ? { ...base, status: 'not-checked', reason: `${why}: outputs are checked at the test data's own batch` }
            : { ...base, status: 'mismatch', reason: why };
        }
        expected[name] = want;
      }
      comparisons.push(compareOutputs(expected, outputs, job.dir));
    }
  } catch (e) {
    return { ...base, sets: comparisons.length, status: 'not-checked', reason: `the outputs could not be compared: ${errorMessage(e)}` };
  }
  const comparison = worst(comparisons);
  const bad = comparison.perOutput.filter((o) => !(o.relL2Error <= job.tolerance));
  const result = { ...base, sets: comparisons.length, comparison };
  if (bad.length === 0) return { ...result, status: 'match' };
  const o = bad[0]!;
  return {
    ...result,
    status: 'mismatch',
    reason: `output '${o.name}' differs from the test data${tiled}: relative L2 error ${o.relL2Error.toPrecision(3)} > ${job.tolerance} (max abs ${o.maxAbsError.toPrecision(3)}, cosine ${o.cosine.toFixed(4)})`,
  };
}
