/**
 * The input values of each model of a run and, per batch, what they become: which values
 * (given > test data > random), the shapes files fix, the batch tiling, the reference outputs
 * to check and how the configuration records all of it.
 */
import { dirname, resolve } from 'node:path';
import { DnnperfError } from '../errors.js';
import { type ExpectedOutputsJob, outputTolerance } from '../measure/expected-outputs.js';
import { tileFactors, withFileShapes } from '../models/inputs/file-shapes.js';
import {
  type DeclaredInput,
  describeValues,
  type GivenSpec,
  type ModelInputPlan,
  planModelInputs,
  type TestDataChoice,
  valuesKey,
} from '../models/inputs/plan-inputs.js';
import { findTestDataSets, requireTestDataSets } from '../models/inputs/test-data-set.js';
import type { ResolvedModel } from '../models/resolve-model.js';
import type { ShapeRequest } from '../models/resolve-shapes.js';
import type { ConfigSpec, DType } from '../results/schema.js';
import type { SuiteModel } from '../suites/schema.js';
import type { ResolvedRunOptions } from './options.js';

export interface ModelInputs {
  declared: DeclaredInput[];
  plan: ModelInputPlan;
}

function testDataFor(entry: SuiteModel, model: ResolvedModel, o: ResolvedRunOptions): TestDataChoice | undefined {
  if (o.inputsFrom) return { sets: requireTestDataSets(resolve(o.inputsFrom), `--inputs-from ${o.inputsFrom}`), label: `--inputs-from ${o.inputsFrom}` };
  if (entry.inputsFrom)
    return { sets: requireTestDataSets(resolve(entry.inputsFrom), `suite inputsFrom ${entry.inputsFrom}`), label: `suite inputsFrom ${entry.inputsFrom}` };
  if (model.ref.source !== 'zoo' || !o.testData) return undefined;
  const dir = dirname(model.ref.path);
  const sets = findTestDataSets(dir);
  return sets.length > 0 ? { sets, label: `the test data of zoo model ${model.ref.name} in ${dir} (--no-test-data ignores it)` } : undefined;
}

export function modelInputs(
  entry: SuiteModel,
  model: ResolvedModel,
  o: ResolvedRunOptions,
  dtypeOf: (i: ResolvedModel['info']['inputs'][number]) => DType,
): ModelInputs {
  const declared = model.info.inputs.map((i) => ({ name: i.name, dtype: dtypeOf(i), dims: i.dims }));
  const names = new Set(declared.map((i) => i.name));
  const given: Record<string, GivenSpec> = {};
  for (const [name, text] of Object.entries(entry.inputs ?? {})) given[name] = { text, label: `suite input ${name}=${text}` };
  // CLI inputs apply to the models that have the input (checkInputNames rejects names no model has).
  for (const [name, text] of Object.entries(o.inputs ?? {})) if (names.has(name)) given[name] = { text, label: `--input ${name}=${text}` };
  const plan = planModelInputs({
    model: model.ref.name,
    inputs: declared,
    outputs: model.info.outputs.map((x) => x.name),
    given,
    testData: testDataFor(entry, model, o),
  });
  return { declared, plan };
}

/** `--input` names that no model of the run has are typos: one line listing every model's inputs. */
export function checkInputNames(inputs: Record<string, string> | undefined, models: ReadonlyArray<{ model: ResolvedModel }>): void {
  for (const name of Object.keys(inputs ?? {})) {
    if (!models.some(({ model }) => model.info.inputs.some((i) => i.name === name))) {
      const all = models.map(({ model }) => `${model.ref.name}: ${model.info.inputs.map((i) => i.name).join(', ')}`).join('; ');
      throw new DnnperfError('E_INPUT', `--input names input '${name}', which no model has (${all}): fix the input name`);
    }
  }
}

/** The shape request with the dims that file inputs fix. */
export const shapeRequestWithFiles = (m: ModelInputs, request: ShapeRequest, model: string): ShapeRequest => withFileShapes(m.plan, m.declared, request, model);

export interface BatchInputs {
  tiles: Record<string, number>;
  /** Recorded in the configuration. */
  record: Pick<ConfigSpec, 'inputSource' | 'inputValues' | 'inputNotes'>;
  /** Joins the configuration key when some values are not the seeded random default. */
  keyPart: Record<string, string> | undefined;
  expected: ExpectedOutputsJob | undefined;
}

export function batchInputs(m: ModelInputs, shapes: Record<string, number[]>, batch: number, target: string | undefined, o: ResolvedRunOptions): BatchInputs {
  const tiles = tileFactors(m.plan, shapes, batch);
  const tileOf = (name: string) => tiles[name] ?? 1;
  const inputValues = Object.fromEntries(m.plan.inputs.map((i) => [i.name, describeValues(i.values, tileOf(i.name))]));
  const keyPart = m.plan.source === 'generated' ? undefined : Object.fromEntries(m.plan.inputs.map((i) => [i.name, valuesKey(i.values, tileOf(i.name))]));
  const e = m.plan.expected;
  const distinctTiles = new Set(Object.values(tiles));
  const expected =
    e && distinctTiles.size <= 1 ? { ...e, tile: [...distinctTiles][0] ?? 1, tolerance: o.outputTolerance ?? outputTolerance(target) } : undefined;
  const notes = [...m.plan.notes, ...(e && !expected ? ['outputs not checked: the test data inputs are tiled by different factors'] : [])];
  return { tiles, record: { inputSource: m.plan.source, inputValues, ...(notes.length > 0 ? { inputNotes: notes } : {}) }, keyPart, expected };
}
