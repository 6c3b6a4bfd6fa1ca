/**
 * Decides, for one model, where each input's values come from (given with `--input` or the
 * suite, an ONNX test data set, or seeded random data) and checks every file against the
 * model before anything is measured: dtype, rank and fixed dims. The reference outputs of a
 * test data set are kept for the output check when every input comes from that set.
 */
import { resolve } from 'node:path';
import { DnnperfError } from '../../errors.js';
import type { DType } from '../../results/schema.js';
import { checkSpecForDtype } from './check-spec.js';
import { describeSpec, type GeneratedSpec, parseInputSpec } from './input-spec.js';
import { readTensorFile } from './read-tensor-file.js';
import type { ReadTensorFile, TensorFile } from './tensor-bytes.js';
import type { TestDataSet } from './test-data-set.js';

/** Where one input's values come from; plain data, sent to the measuring child. */
export type InputValues =
  | { kind: 'random' }
  | { kind: 'spec'; spec: GeneratedSpec }
  /** One file per input set (several for test data sets), all of shape `dims`; `sha256s` of their bytes. */
  | { kind: 'file'; files: string[]; sha256s: string[]; dims: number[]; origin: 'given' | 'test-data' };

export interface PlannedInput {
  name: string;
  dtype: DType;
  values: InputValues;
}

export type InputSource = 'generated' | 'given' | 'test-data';

export interface ModelInputPlan {
  inputs: PlannedInput[];
  /** generated: every input random; test-data: every input from the test data set; given otherwise. */
  source: InputSource;
  /** Input sets to rotate when test data fixes them (one per set); undefined: the protocol's count. */
  sets?: number;
  /** Reference outputs: set when every input comes from the test data and some set has output_*.pb. */
  expected?: ExpectedOutputFiles;
  /** Why some test data was left out. */
  notes: string[];
}

export interface ExpectedOutputFiles {
  /** The first set's folder, for messages and results. */
  dir: string;
  /** Per checked set: its input set index and its output files by output name. */
  sets: Array<{ index: number; files: Record<string, string> }>;
}

export interface DeclaredInput {
  name: string;
  dtype: DType;
  dims: Array<number | string | null>;
}

export interface GivenSpec {
  text: string;
  /** Names the spec in messages: `--input ids=int:0..9`, `suite input ids`. */
  label: string;
}

export interface TestDataChoice {
  sets: TestDataSet[];
  /** Names the data in messages, with the way to turn it off. */
  label: string;
}

export interface PlanInputsRequest {
  model: string;
  inputs: DeclaredInput[];
  outputs: string[];
  given: Record<string, GivenSpec>;
  testData?: TestDataChoice;
}

const fmt = (dims: readonly (number | string | null)[]): string => (dims.length === 0 ? 'a scalar' : dims.map((d) => (d === null ? '?' : String(d))).join('x'));

/** A file's tensor must have the input's dtype, rank and fixed dims. */
function checkFileTensor(file: TensorFile, input: DeclaredInput, model: string, label: string): void {
  const t = file.tensor;
  const where = `input '${input.name}' of ${model}`;
  if (t.dtype !== input.dtype) {
    throw new DnnperfError('E_INPUT', `${label} holds ${t.dtype} values, but ${where} is ${input.dtype}: give a ${input.dtype} file`);
  }
  const fixedMismatch = input.dims.some((d, i) => typeof d === 'number' && d > 0 && t.dims[i] !== d);
  if (t.dims.length !== input.dims.length || fixedMismatch) {
    throw new DnnperfError('E_INPUT', `${label} is ${fmt(t.dims)}, but ${where} is ${fmt(input.dims)}: give a file of that shape`);
  }
}

/** Matches a set's files to the model's names: by the tensors' own names when they all match, else by position. */
function matchByName(files: readonly TensorFile[], paths: string[], names: string[], what: string, label: string): Map<string, number> {
  const named = files.every((f) => f.name !== undefined && names.includes(f.name));
  if (named) return new Map(files.map((f, i) => [f.name!, i]));
  if (files.length !== names.length) {
    const got = files.map((f, i) => f.name ?? paths[i]).join(', ');
    throw new DnnperfError(
      'E_INPUT',
      `${label}: its ${files.length} ${what} files (${got}) match neither the names nor the count of the model's ${what}s (${names.join(', ')}): give a data set made for this model`,
    );
  }
  return new Map(names.map((n, i) => [n, i]));
}

function readSet(set: TestDataSet, inputs: DeclaredInput[], label: string): Map<string, { path: string; file: ReadTensorFile }> {
  const files = set.inputs.map((p) => readTensorFile(p, label));
  const byName = matchByName(
    files,
    set.inputs,
    inputs.map((i) => i.name),
    'input',
    `${label} (${set.dir})`,
  );
  return new Map([...byName].map(([name, i]) => [name, { path: set.inputs[i]!, file: files[i]! }]));
}

function expectedOutputs(sets: TestDataSet[], outputs: string[], label: string, notes: string[]): ModelInputPlan['expected'] {
  const usable = sets.flatMap((set, index) => (set.outputs.length > 0 ? [{ set, index }] : []));
  if (usable.length === 0) return undefined;
  const mapped = usable.map(({ set, index }) => {
    const files = set.outputs.map((p) => readTensorFile(p, label));
    const byName = matchByName(files, set.outputs, outputs, 'output', `${label} (${set.dir})`);
    return { index, files: Object.fromEntries([...byName].map(([name, i]) => [name, set.outputs[i]!])) };
  });
  if (usable.length < sets.length) notes.push(`${sets.length - usable.length} test data set(s) have no output_*.pb: their outputs are not checked`);
  return { dir: usable[0]!.set.dir, sets: mapped };
}

export function planModelInputs(req: PlanInputsRequest): ModelInputPlan {
  const notes: string[] = [];
  const names = req.inputs.map((i) => i.name);
  for (const name of Object.keys(req.given)) {
    if (!names.includes(name)) {
      throw new DnnperfError(
        'E_INPUT',
        `${req.given[name]!.label}: '${name}' is not an input of ${req.model} (its inputs: ${names.join(', ')}): fix the input name`,
      );
    }
  }
  const values = new Map<string, InputValues>();
  for (const input of req.inputs) {
    const given = req.given[input.name];
    if (!given) continue;
    const spec = parseInputSpec(given.text, given.label);
    if (spec.kind === 'file') {
      const path = resolve(spec.path);
      const file = readTensorFile(path, given.label);
      checkFileTensor(file, input, req.model, `${given.label} (${path})`);
      values.set(input.name, { kind: 'file', files: [path], sha256s: [file.sha256], dims: file.tensor.dims, origin: 'given' });
    } else {
      checkSpecForDtype(spec, input.dtype, `${given.label} (input '${input.name}' of ${req.model}, ${input.dtype})`);
      values.set(input.name, { kind: 'spec', spec });
    }
  }

  let sets: TestDataSet[] = [];
  const open = req.inputs.filter((i) => !values.has(i.name));
  if (req.testData && open.length > 0) {
    const label = req.testData.label;
    const [first, ...rest] = req.testData.sets.map((set) => ({ set, files: readSet(set, req.inputs, label) }));
    for (const [name, { path, file }] of first!.files)
      if (!values.has(name)) checkFileTensor(file, req.inputs.find((i) => i.name === name)!, req.model, `${label} (${path})`);
    // Sets are rotated like random input sets, so they must agree on every shape.
    const shapeOf = (m: typeof first.files, name: string) => m.get(name)?.file.tensor.dims.join('x');
    const kept = [first!];
    for (const other of rest) {
      if ([...first!.files.keys()].every((name) => shapeOf(other.files, name) === shapeOf(first!.files, name))) kept.push(other);
      else notes.push(`${other.set.dir} left out: its inputs differ in shape from ${first!.set.dir}`);
    }
    sets = kept.map((k) => k.set);
    for (const [name, { file }] of first!.files) {
      if (values.has(name)) continue;
      const per = kept.map((k) => k.files.get(name)!);
      values.set(name, { kind: 'file', files: per.map((f) => f.path), sha256s: per.map((f) => f.file.sha256), dims: file.tensor.dims, origin: 'test-data' });
    }
  }

  const inputs = req.inputs.map((i) => ({ name: i.name, dtype: i.dtype, values: values.get(i.name) ?? { kind: 'random' as const } }));
  const fromData = inputs.filter((i) => i.values.kind === 'file' && i.values.origin === 'test-data').length;
  const source: InputSource = fromData === inputs.length && inputs.length > 0 ? 'test-data' : values.size === 0 ? 'generated' : 'given';
  const expected = source === 'test-data' && req.testData ? expectedOutputs(sets, req.outputs, req.testData.label, notes) : undefined;
  if (req.testData && source !== 'test-data' && fromData > 0) notes.push('outputs not checked against the test data: some inputs did not come from it');
  return { inputs, source, ...(sets.length > 0 ? { sets: sets.length } : {}), ...(expected ? { expected } : {}), notes };
}

/** What identifies an input's values in a configuration key: the spec, or the files' contents. */
export function valuesKey(v: InputValues, tile: number): string {
  return v.kind === 'file' ? `${v.sha256s.join(',')} x${tile}` : v.kind === 'spec' ? describeSpec(v.spec) : 'random';
}

/** How an input's values read in results: `random`, `int:0..9`, `file /x.npy (tiled x8)`. */
export function describeValues(v: InputValues, tile: number): string {
  const tiled = tile > 1 ? ` (batch tiled x${tile})` : '';
  if (v.kind === 'random') return 'random';
  if (v.kind === 'spec') return describeSpec(v.spec);
  const more = v.files.length > 1 ? ` (+${v.files.length - 1} more set${v.files.length > 2 ? 's' : ''})` : '';
  return `${v.origin === 'test-data' ? 'test data' : 'file'} ${v.files[0]}${more}${tiled}`;
}
