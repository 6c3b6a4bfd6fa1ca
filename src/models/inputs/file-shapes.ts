/**
 * Shapes that come from files. A file fixes its input's dims, except the batch (dim 0 when
 * the model leaves it open): for a batch sweep the file's samples are repeated along dim 0
 * (batch 8 from a batch-1 file is 8 copies), so batches must be multiples of the file's batch.
 * A shape asked for with `--shape` or the suite must agree with the file, else one line names both.
 */
import { DnnperfError } from '../../errors.js';
import type { ShapeRequest } from '../resolve-shapes.js';
import { type DeclaredInput, describeValues, type ModelInputPlan } from './plan-inputs.js';

const fmt = (dims: readonly (number | null | string)[]): string => (dims.length === 0 ? 'a scalar' : dims.map((d) => (d === null ? 'N' : String(d))).join('x'));

const fileInputs = (plan: ModelInputPlan) =>
  plan.inputs.flatMap((i) => (i.values.kind === 'file' ? [{ name: i.name, dims: i.values.dims, what: describeValues(i.values, 1) }] : []));

/** `request` with every file input's dims filled in (null for the batch dim). */
export function withFileShapes(plan: ModelInputPlan, declared: readonly DeclaredInput[], request: ShapeRequest, model: string): ShapeRequest {
  const out: ShapeRequest = { ...request };
  for (const { name, dims, what } of fileInputs(plan)) {
    const asked = request[name];
    if (asked) {
      const clash = asked.length !== dims.length || asked.some((d, i) => d !== null && d !== dims[i]);
      if (clash) {
        throw new DnnperfError(
          'E_INPUT',
          `shape ${fmt(asked)} asked for input '${name}' of ${model} (--shape or the suite) disagrees with ${what}, which is ${fmt(dims)}: drop that shape or give a file of that shape`,
        );
      }
      out[name] = asked.map((d, i) => (d === null ? null : dims[i]!));
      continue;
    }
    const lead = declared.find((d) => d.name === name)?.dims[0];
    const batchDim = dims.length > 0 && !(typeof lead === 'number' && lead > 0);
    out[name] = batchDim ? [null, ...dims.slice(1)] : [...dims];
  }
  return out;
}

/** How many times each file input is repeated along dim 0 to reach its resolved shape. */
export function tileFactors(plan: ModelInputPlan, shapes: Record<string, number[]>, batch: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { name, dims, what } of fileInputs(plan)) {
    const shape = shapes[name]!;
    const rest = shape.slice(1).every((d, i) => d === dims[i + 1]);
    const times = dims.length > 0 ? shape[0]! / dims[0]! : 1;
    if (!rest || !Number.isInteger(times) || times < 1) {
      throw new DnnperfError(
        'E_INPUT',
        `batch ${batch} cannot be made from ${what}, which is ${fmt(dims)}: dnnperf repeats a file's samples along dim 0, so give --batch multiples of ${dims[0] ?? 1} (or a file of batch ${batch})`,
      );
    }
    out[name] = times;
  }
  return out;
}
