/**
 * Engine kinds by name, and engine instances by alias. An alias lets one run hold two
 * installations of the same kind (two onnxruntime versions, two OpenCV builds):
 * `--engine ort130=ort:module=/opt/ort130/node_modules/onnxruntime-node` then `--backend ort130:cpu`.
 */
import { DnnperfError } from '../errors.js';
import type { Engine, EngineFactory, EngineInstance, EngineOptions } from './engine.js';
import { engineEnv } from './engine-env.js';
import type { OptionSpecs } from './engine-options.js';
import { createMockEngine } from './mock/mock-engine.js';
import { OPENCV_CONFIG_OPTIONS, openCvEngineFactory } from './opencv/opencv-engine.js';
import { createOrtEngine, ORT_CONFIG_OPTIONS } from './ort/ort-engine.js';

export const ENGINE_KINDS: Record<string, EngineFactory> = {
  ort: createOrtEngine,
  mock: createMockEngine,
  opencv: openCvEngineFactory,
};

// Defined beside the Engine interface, so engine code below the registry can name them without a cycle.
export type { EngineInstance, EngineOptions } from './engine.js';

/** Per-configuration options (`--option`, a suite's `options`) each kind takes. */
export const ENGINE_CONFIG_OPTIONS: Record<string, OptionSpecs> = {
  ort: ORT_CONFIG_OPTIONS,
  mock: {},
  opencv: OPENCV_CONFIG_OPTIONS,
};

/**
 * Kinds whose models run in a worker process of their own (OpenCV's Python worker): their
 * `env.*` options go to that worker, not to the measuring Node process around it.
 */
const WORKER_KINDS = new Set(['opencv']);

/**
 * Parses `alias=kind[:key=value,...]` as given to `--engine`. A value may hold `=` but not `,`;
 * `env.NAME=value` options set NAME for that engine's processes only (engine-env.ts).
 */
export function parseEngineInstance(text: string): EngineInstance {
  const m = /^([a-z][a-z0-9_-]*)=([a-z][a-z0-9_]*)(?::(.*))?$/.exec(text.trim());
  if (!m || !ENGINE_KINDS[m[2]!]) {
    throw new DnnperfError(
      'E_BACKEND',
      `--engine '${text}' is not alias=kind[:key=value,...] with kind one of ${Object.keys(ENGINE_KINDS).join(', ')} (e.g. cv410=opencv:python=/opt/cv410/bin/python3)`,
    );
  }
  const options: EngineOptions = {};
  for (const kv of (m[3] ?? '').split(',').filter(Boolean)) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new DnnperfError('E_BACKEND', `--engine '${text}': option '${kv}' is not key=value`);
    options[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  engineEnv(options, `--engine ${m[1]}`);
  return { alias: m[1]!, kind: m[2]!, options };
}

/** The instance an alias names: a declared `--engine`, or a kind used under its own name. */
export function resolveEngineInstance(alias: string, declared: readonly EngineInstance[]): EngineInstance {
  const found = declared.find((d) => d.alias === alias);
  if (found) return found;
  if (ENGINE_KINDS[alias]) return { alias, kind: alias, options: {} };
  throw new DnnperfError(
    'E_BACKEND',
    `engine '${alias}' is unknown: use one of ${Object.keys(ENGINE_KINDS).join(', ')}, or declare it with --engine ${alias}=<kind>:<options>`,
  );
}

export function createEngine(instance: EngineInstance): Engine {
  return ENGINE_KINDS[instance.kind]!(instance.options);
}

/**
 * The environment a measuring child needs from its start: the `env.*` options of an engine
 * that runs models in that process (onnxruntime reads LD_LIBRARY_PATH when it loads cuDNN);
 * none for worker engines, which give theirs to the worker (so the onnxruntime reference run
 * beside an OpenCV configuration keeps the run's own libraries).
 */
export function measuringProcessEnv(instance: EngineInstance): Record<string, string> {
  return WORKER_KINDS.has(instance.kind) ? {} : engineEnv(instance.options, instance.alias);
}
