/**
 * Plans the matrix of a run: models x backend/targets x batches x concurrency (x trials), each
 * configuration fully resolved (model file and sha256, shapes, engine instance), or marked
 * unavailable with the reason. Input errors (bad --shape, unknown backend, missing model)
 * are thrown here, before anything is measured.
 */
import { createHash } from 'node:crypto';
import { parseBackendList } from '../engines/backend-spec.js';
import type { BackendAvailability, BackendTarget, Engine } from '../engines/engine.js';
import { createEngine, type EngineInstance, parseEngineInstance, resolveEngineInstance } from '../engines/registry.js';
import { checkTf32Option } from '../engines/tf32.js';
import { DnnperfError } from '../errors.js';
import { firstDuplicate } from '../lists.js';
import type { ExpectedOutputsJob } from '../measure/expected-outputs.js';
import { fp16Variant } from '../models/fp16-variant.js';
import type { PlannedInput } from '../models/inputs/plan-inputs.js';
import type { Manifest } from '../models/manifest/schema.js';
import { type ModelContext, modelEntryFromFlag, type ResolvedModel, resolveModel } from '../models/resolve-model.js';
import { resolveShapes, type ShapeRequest } from '../models/resolve-shapes.js';
import type { ConcurrencyMode, ConfigSpec, DType } from '../results/schema.js';
import { ADHOC_SUITE, loadSuite } from '../suites/load-suite.js';
import type { Suite, SuiteModel } from '../suites/schema.js';
import { checkInputMemory } from './input-memory.js';
import { batchInputs, checkInputNames, modelInputs, shapeRequestWithFiles } from './input-plan.js';
import { DEFAULT_BUDGET_CONCURRENCY, DEFAULT_CONCURRENCY_MODES, type ResolvedRunOptions } from './options.js';
import { checkOptionSources, optionsFor } from './plan-options.js';

export interface PlannedConfig {
  config: ConfigSpec;
  modelPath: string;
  referenceModelPath: string;
  inputs: PlannedInput[];
  /** Times each file input is repeated along dim 0 to fill the batch. */
  tiles: Record<string, number>;
  /** Input sets to rotate when test data sets fix them; undefined: the protocol's count. */
  inputSets?: number;
  /** Reference outputs to check (test data). */
  expected?: ExpectedOutputsJob;
  engine: EngineInstance;
  /** Set when this configuration cannot run here: recorded, never measured. */
  unavailable?: string;
}

export interface Plan {
  suite: string;
  configs: PlannedConfig[];
  /** Engine instances used, with their info for the environment record. */
  engines: Map<string, { instance: EngineInstance; engine: Engine }>;
}

function stableKey(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

function sortedRecord<T>(r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
}

function modelLabel(m: SuiteModel): string {
  return 'builtin' in m ? m.builtin : 'zoo' in m ? m.zoo : m.path;
}

function suiteFor(o: ResolvedRunOptions, manifest: Manifest | undefined): Suite {
  const fromFlag = (value: string) => modelEntryFromFlag(value, manifest);
  if (o.suite === ADHOC_SUITE) {
    return { name: ADHOC_SUITE, backends: ['ort:cpu'], batches: [1], models: (o.models ?? []).map(fromFlag) };
  }
  const suite = loadSuite(o.suite);
  return o.models?.length ? { ...suite, models: o.models.map(fromFlag) } : suite;
}

function shapeRequestFor(entry: SuiteModel, cli: ShapeRequest | undefined, info: ResolvedModel['info']): ShapeRequest {
  const names = new Set(info.inputs.map((i) => i.name));
  // CLI shapes apply to the models that have the named input; unknown names are errors only
  // when no model has them (checked by the caller).
  const fromCli = Object.fromEntries(Object.entries(cli ?? {}).filter(([name]) => names.has(name)));
  return { ...(entry.shapes ?? {}), ...fromCli };
}

function fixedBatchReason(model: ResolvedModel, batch: number): string | undefined {
  const first = model.info.inputs[0];
  const lead = first?.dims[0];
  if (typeof lead === 'number' && lead !== batch) {
    return `${model.ref.name} fixes the leading dim of input '${first!.name}' to ${lead}: batch ${batch} cannot run (batch ${lead} can)`;
  }
  return undefined;
}

/** Why this engine cannot keep several requests in flight in `mode` on `bt`, if it cannot. */
function loadUnavailable(engine: Engine, bt: BackendTarget, mode: ConcurrencyMode): string | undefined {
  if (!engine.openLoad) return `engine ${engine.name} runs one request at a time only: it has no closed loop for concurrency above 1`;
  const why = engine.loadUnsupported?.(bt, mode);
  return why ? `${mode} mode: ${why}` : undefined;
}

/**
 * The concurrency axis: every level once; above 1, one configuration per mode (at 1 the modes
 * coincide). `undefined` is a run without the axis: the sequential protocol, as before it existed.
 */
function loadLevels(levels: number[] | undefined, modes: ConcurrencyMode[]): Array<Pick<ConfigSpec, 'concurrency' | 'concurrencyMode'>> {
  if (!levels) return [{}];
  return [...new Set(levels)].flatMap((c) => (c === 1 ? [{ concurrency: 1 }] : modes.map((concurrencyMode) => ({ concurrency: c, concurrencyMode }))));
}

export async function planRun(o: ResolvedRunOptions, ctx: ModelContext): Promise<Plan> {
  const suite = suiteFor(o, ctx.manifest);
  const declared = (o.engines ?? []).map(parseEngineInstance);
  const aliasTwice = firstDuplicate(declared.map((d) => d.alias));
  if (aliasTwice) throw new DnnperfError('E_BACKEND', `--engine declares alias '${aliasTwice}' twice: give each engine its own alias`);
  const backends = parseBackendList(o.backends?.length ? o.backends : suite.backends);
  const specTwice = firstDuplicate(backends.map((b) => b.spec));
  if (specTwice) throw new DnnperfError('E_BACKEND', `backend ${specTwice} is listed twice: give each backend once`);
  const engines = new Map<string, { instance: EngineInstance; engine: Engine }>();
  const availability = new Map<string, BackendAvailability | undefined>();
  for (const bt of backends) {
    if (!engines.has(bt.engine)) {
      const instance = resolveEngineInstance(bt.engine, declared);
      engines.set(bt.engine, { instance, engine: createEngine(instance) });
    }
  }
  // A declared engine no backend names would be ignored, options and typos with it.
  const unused = declared.find((d) => !engines.has(d.alias));
  if (unused) {
    throw new DnnperfError(
      'E_BACKEND',
      `--engine ${unused.alias}=${unused.kind} is declared but no backend uses it: add --backend ${unused.alias}:<backend>, e.g. --backend ${unused.alias}:cpu`,
    );
  }
  for (const [alias, { engine }] of engines) {
    for (const a of await engine.probe()) availability.set(a.spec.replace(/^[^:]+:/, `${alias}:`), a);
  }
  const unknown = backends.find((bt) => !availability.has(bt.spec));
  if (unknown) {
    const known = [...availability.keys()].filter((k) => k.startsWith(`${unknown.engine}:`));
    throw new DnnperfError(
      'E_BACKEND',
      `backend '${unknown.spec}' is unknown to engine ${unknown.engine}: use one of ${known.join(', ')} (\`dnnperf list\` shows what runs here)`,
    );
  }

  const models: Array<{ entry: SuiteModel; model: ResolvedModel }> = [];
  for (const entry of suite.models) models.push({ entry, model: await resolveModel(entry, ctx) });
  for (const name of Object.keys(o.shapes ?? {})) {
    if (!models.some(({ model }) => model.info.inputs.some((i) => i.name === name))) {
      const inputs = models.map(({ model }) => `${model.ref.name}: ${model.info.inputs.map((i) => i.name).join(', ')}`).join('; ');
      throw new DnnperfError('E_SHAPE', `--shape names input '${name}', which no model has (${inputs}): fix the input name`);
    }
  }
  checkInputNames(o.inputs, models);

  const configs: PlannedConfig[] = [];
  let index = 0;
  for (const { entry, model } of models) {
    const inputs = modelInputs(entry, model, o, (i) => inputDtype(i.dtype, i.elemTypeName, model.ref.name, i.name));
    const request = shapeRequestWithFiles(inputs, shapeRequestFor(entry, o.shapes, model.info), model.ref.name);
    const budget = o.latencyBudgetMs !== undefined;
    // A latency-budget search walks batch and concurrency upwards: it stops where they stop paying.
    const ascending = (xs: number[] | undefined) => (budget && xs ? [...xs].sort((a, b) => a - b) : xs);
    const batches = ascending(o.batches?.length ? o.batches : (entry.batches ?? suite.batches))!;
    const levels = ascending(
      o.concurrency?.length ? o.concurrency : (entry.concurrency ?? suite.concurrency ?? (budget ? DEFAULT_BUDGET_CONCURRENCY : undefined)),
    );
    const modes = [...new Set(o.concurrencyModes?.length ? o.concurrencyModes : (suite.concurrencyModes ?? DEFAULT_CONCURRENCY_MODES))];
    for (const bt of backends) {
      const { instance, engine } = engines.get(bt.engine)!;
      const runModel = await modelFor(engine, bt, model, ctx);
      for (const batch of batches) {
        const shapes = resolveShapes(model.info.inputs, batch, request, model.ref.name).shapes;
        checkInputMemory({ model: model.ref.name, batch, inputs: inputs.declared, shapes, sets: inputs.plan.sets ?? o.protocol.inputSets });
        const values = batchInputs(inputs, shapes, batch, bt.target, o);
        const merged = { ...(suite.options ?? {}), ...(entry.options ?? {}), ...(o.engineOptions ?? {}) };
        checkTf32Option(merged);
        engine.checkOptions?.(bt, merged);
        // Each engine gets the options it knows; the others' stay out of its configuration.
        const options = sortedRecord(optionsFor(instance.kind, [suite.options, entry.options, o.engineOptions]));
        for (const level of loadLevels(levels, modes)) {
          const spec: Omit<ConfigSpec, 'key' | 'index' | 'trial'> = {
            model: runModel.ref,
            spec: bt.spec,
            engine: bt.engine,
            backend: bt.backend,
            ...(bt.target ? { target: bt.target } : {}),
            batch,
            shapes: sortedRecord(shapes),
            options,
            ...values.record,
            ...level,
          };
          // Seeded random inputs keep the keys they always had; other values are part of what is measured.
          // Concurrency 1 keeps the key of a run without the axis, so its baselines still match.
          const loadKey = level.concurrencyMode ? [level.concurrency, level.concurrencyMode] : [];
          const key = stableKey([
            model.ref.sha256,
            bt.spec,
            batch,
            spec.shapes,
            options,
            ...(values.keyPart ? [sortedRecord(values.keyPart)] : []),
            ...loadKey,
          ]);
          const same = configs.find((c) => c.config.key === key);
          if (same) {
            throw new DnnperfError(
              'E_BAD_ARGUMENT',
              `${model.ref.name} ${bt.spec} batch ${batch} is planned twice (${same.modelPath}): a model, backend, batch or concurrency is listed twice in the suite or the flags; list each once`,
            );
          }
          const avail = availability.get(bt.spec);
          const unavailable =
            avail && !avail.available
              ? (avail.reason ?? 'unavailable')
              : (fixedBatchReason(model, batch) ?? (level.concurrencyMode ? loadUnavailable(engine, bt, level.concurrencyMode) : undefined));
          configs.push({
            config: { ...spec, key, index: index++, trial: 0 },
            modelPath: runModel.ref.path,
            referenceModelPath: model.ref.path,
            inputs: inputs.plan.inputs,
            tiles: values.tiles,
            ...(inputs.plan.sets !== undefined ? { inputSets: inputs.plan.sets } : {}),
            ...(values.expected ? { expected: values.expected } : {}),
            engine: instance,
            ...(unavailable ? { unavailable } : {}),
          });
        }
      }
    }
  }
  // After the engines' own checks (which say more for options they know but cannot honour here):
  // an option no engine of the run takes is a typo.
  const kinds = [...new Set([...engines.values()].map(({ instance }) => instance.kind))];
  checkOptionSources(kinds, [
    { where: `suite ${suite.name} options:`, options: suite.options },
    ...suite.models.map((m) => ({ where: `suite ${suite.name} model ${modelLabel(m)} options:`, options: m.options })),
    { where: '--option', options: o.engineOptions },
  ]);
  return { suite: suite.name, configs, engines };
}

function inputDtype(dtype: DType | undefined, elemTypeName: string, model: string, input: string): DType {
  if (dtype) return dtype;
  throw new DnnperfError(
    'E_MODEL_INVALID',
    `input '${input}' of ${model} has element type ${elemTypeName}, which dnnperf cannot generate: supported are float32, float16, int64, int32, int8, uint8, bool`,
  );
}

/** The model a backend runs: the FP16 conversion for FP16 targets that need one. */
async function modelFor(engine: Engine, bt: BackendTarget, model: ResolvedModel, ctx: ModelContext): Promise<ResolvedModel> {
  if (!engine.needsFp16Model?.(bt)) return model;
  return fp16Variant(model, ctx.cacheDir);
}

/** Repeats the plan `trials` times, interleaved: trial 0 of every configuration, then trial 1, ... */
export function withTrials(configs: PlannedConfig[], trials: number): PlannedConfig[] {
  return Array.from({ length: trials }, (_, t) => configs.map((c) => ({ ...c, config: { ...c.config, trial: t } }))).flat();
}
