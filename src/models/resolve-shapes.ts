/**
 * Resolves every model input to a concrete shape for one batch size, from the model's
 * declared dims, the suite's or `--shape`'s values (null = the batch dim) and the batch.
 * Every error names the input, the dim and the fix.
 */
import { DnnperfError } from '../errors.js';

export type DeclaredDim = number | string | null;
/** Requested dims per input: a number, or null for "the batch size". */
export type ShapeRequest = Record<string, Array<number | null>>;

export interface ResolvedShapes {
  shapes: Record<string, number[]>;
}

const fmt = (dims: readonly (number | null | string)[]) => dims.map((d) => (d === null ? 'N' : String(d))).join('x');

export function resolveShapes(
  inputs: ReadonlyArray<{ name: string; dims: DeclaredDim[] }>,
  batch: number,
  requested: ShapeRequest,
  model: string,
): ResolvedShapes {
  for (const name of Object.keys(requested)) {
    if (!inputs.some((i) => i.name === name)) {
      throw new DnnperfError(
        'E_SHAPE',
        `'${name}' is not an input of ${model} (its inputs: ${inputs.map((i) => i.name).join(', ')}): fix the name in --shape or the suite`,
      );
    }
  }
  const shapes: Record<string, number[]> = {};
  for (const input of inputs) {
    const req = requested[input.name];
    if (req && req.length !== input.dims.length) {
      throw new DnnperfError(
        'E_SHAPE',
        `shape ${fmt(req)} for input '${input.name}' of ${model} has ${req.length} dims but the model declares ${input.dims.length} (${fmt(input.dims)}): give ${input.dims.length} dims`,
      );
    }
    shapes[input.name] = input.dims.map((declared, i) => {
      const want = req ? req[i] : undefined;
      if (typeof declared === 'number' && declared > 0) {
        if (typeof want === 'number' && want !== declared) {
          const fix = input.dims.map((d, j) => (j === i ? declared : req![j] !== undefined ? req![j]! : d));
          throw new DnnperfError(
            'E_SHAPE',
            `shape ${fmt(req!)} for input '${input.name}' contradicts ${model}, which fixes dim ${i} to ${declared}: use ${input.name}=${fmt(fix)}`,
          );
        }
        return declared;
      }
      if (typeof want === 'number') return want;
      if (want === null || (want === undefined && i === 0)) return batch;
      const label = typeof declared === 'string' ? `'${declared}'` : 'unnamed';
      throw new DnnperfError(
        'E_SHAPE',
        `dim ${i} (${label}) of input '${input.name}' in ${model} is not set: pass --shape ${input.name}=${fmt(input.dims.map((d, j) => (j === 0 && typeof d !== 'number' ? null : typeof d === 'number' ? d : j === i ? '<size>' : d)))} (N is the batch)`,
      );
    });
  }
  return { shapes };
}
