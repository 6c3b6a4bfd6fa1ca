/**
 * What `--input name=<spec>` and a suite model's `inputs` say about one input's values:
 * a constant (`16000`, `1`, `true`), `zeros`, `ones`, `normal` (mean 0, sd 1),
 * `uniform:LOW..HIGH` (floats in [LOW, HIGH)), `int:LOW..HIGH` (integers, both ends included),
 * or a file: `@x.npy` (NumPy) or `@x.pb` (ONNX TensorProto). Syntax only: whether a spec fits
 * an input's dtype and shape is checked against the model (check-input-values.ts).
 */
import { DnnperfError } from '../../errors.js';

export type GeneratedSpec =
  | { kind: 'constant'; literal: string }
  | { kind: 'zeros' }
  | { kind: 'ones' }
  | { kind: 'normal' }
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'int'; low: number; high: number };

export type InputSpec = GeneratedSpec | { kind: 'file'; format: 'npy' | 'pb'; path: string };

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const INT_RANGE = /^int:(-?\d+)\.\.(-?\d+)$/;
const UNIFORM_RANGE = new RegExp(`^uniform:(${NUMBER})\\.\\.(${NUMBER})$`);
const CONSTANT = new RegExp(`^(?:${NUMBER}|true|false)$`);

export const SPEC_FORMS = 'a number, zeros, ones, normal, uniform:LOW..HIGH, int:LOW..HIGH, @file.npy or @file.pb';

/** `label` names the spec in messages, e.g. `--input ids=int:9..0`. */
export function parseInputSpec(text: string, label: string): InputSpec {
  const spec = text.trim();
  if (spec.startsWith('@')) {
    const path = spec.slice(1);
    const format = /\.npy$/i.test(path) ? 'npy' : /\.pb$/i.test(path) ? 'pb' : undefined;
    if (!format)
      throw new DnnperfError('E_INPUT', `${label}: '${path}' is neither a .npy (NumPy) nor a .pb (ONNX TensorProto) file: give @file.npy or @file.pb`);
    return { kind: 'file', format, path };
  }
  if (spec === 'zeros' || spec === 'ones' || spec === 'normal') return { kind: spec };
  const int = INT_RANGE.exec(spec);
  if (int) {
    const [low, high] = [Number(int[1]), Number(int[2])];
    if (low > high) throw new DnnperfError('E_INPUT', `${label}: the range is reversed (${low} > ${high}): write int:${high}..${low}`);
    return { kind: 'int', low, high };
  }
  const uniform = UNIFORM_RANGE.exec(spec);
  if (uniform) {
    const [low, high] = [Number(uniform[1]), Number(uniform[2])];
    if (low >= high) throw new DnnperfError('E_INPUT', `${label}: the range is empty or reversed (${low} >= ${high}): write uniform:LOW..HIGH with LOW < HIGH`);
    return { kind: 'uniform', low, high };
  }
  if (CONSTANT.test(spec)) return { kind: 'constant', literal: spec };
  if (/^(int|uniform):/.test(spec))
    throw new DnnperfError('E_INPUT', `${label}: '${spec}' is not ${spec.split(':')[0]}:LOW..HIGH: e.g. int:0..30521 or uniform:-1..1`);
  throw new DnnperfError('E_INPUT', `${label}: '${spec}' is not an input spec: use ${SPEC_FORMS}`);
}

/** How a generated spec reads in results and configuration keys (files are described by plan-inputs.ts). */
export function describeSpec(spec: GeneratedSpec): string {
  switch (spec.kind) {
    case 'constant':
      return `constant ${spec.literal}`;
    case 'uniform':
    case 'int':
      return `${spec.kind}:${spec.low}..${spec.high}`;
    default:
      return spec.kind;
  }
}
