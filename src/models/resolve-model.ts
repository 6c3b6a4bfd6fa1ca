/**
 * Turns a suite or `--model` entry into a model file on disk with its sha256 and declared
 * inputs: built-in models are written by the builder, zoo models fetched (or found in the
 * cache), paths checked. Every error names the model and the fix.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DnnperfError } from '../errors.js';
import { modelName } from '../results/model-name.js';
import type { ModelRef } from '../results/schema.js';
import type { SuiteModel } from '../suites/schema.js';
import { BUILTIN_MODELS } from './builtin/registry.js';
import { writeBuiltinModel } from './builtin/write.js';
import { type FetchEvent, resolveFetchOptions, resolveZooModel } from './fetch/index.js';
import { findModel, loadManifest } from './manifest/load-manifest.js';
import type { Manifest } from './manifest/schema.js';
import { decodeModel, describeModel, type ModelInfo } from './onnx/decode.js';

export interface ResolvedModel {
  ref: ModelRef;
  info: ModelInfo;
}

export interface ModelContext {
  /** Fetch zoo models that are not cached (false: `--no-fetch`). */
  fetch: boolean;
  cacheDir?: string;
  mirror?: string;
  onFetchEvent?: (e: FetchEvent) => void;
  /** Manifest that zoo ids are looked up in. Default: the bundled models/zoo.json. */
  manifest?: Manifest;
}

export function readModelFile(path: string): { bytes: Buffer; sha256: string; info: ModelInfo } {
  if (!existsSync(path)) {
    throw new DnnperfError('E_MODEL_MISSING', `model file ${path} does not exist: check the path (or run \`dnnperf fetch\` for zoo models)`);
  }
  if (statSync(path).isDirectory()) {
    const inside = readdirSync(path).filter((f) => f.endsWith('.onnx'));
    const hint = inside.length > 0 ? `, e.g. --model ${join(path, inside[0]!)}` : ' (it holds no .onnx file)';
    throw new DnnperfError('E_MODEL_MISSING', `model ${path} is a folder, not an ONNX file: give the .onnx file${hint}`);
  }
  if (!statSync(path).isFile()) throw new DnnperfError('E_MODEL_MISSING', `model ${path} is not a regular file: give an .onnx file`);
  const bytes = readFileSync(path);
  const info = describeModel(decodeModel(bytes, `model file ${path}`));
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), info };
}

/** A `--model` value: an existing file, a built-in id or a manifest id. */
export function modelEntryFromFlag(value: string, manifest?: Manifest): SuiteModel {
  if (existsSync(value) || value.endsWith('.onnx') || value.includes('/')) return { path: value };
  if (BUILTIN_MODELS[value]) return { builtin: value };
  try {
    findModel(manifest ?? loadManifest(), value);
    return { zoo: value };
  } catch {
    throw new DnnperfError(
      'E_MODEL_MISSING',
      `--model '${value}' is not a file, a built-in model (${Object.keys(BUILTIN_MODELS).join(', ')}) or a model id of models/zoo.json: check the name or path`,
    );
  }
}

export async function resolveModel(entry: SuiteModel, ctx: ModelContext): Promise<ResolvedModel> {
  const cacheDir = ctx.cacheDir ?? resolveFetchOptions().cacheDir;
  const name = modelName(entry);
  let path: string;
  let source: ModelRef['source'];
  if ('builtin' in entry) {
    ({ path } = await writeBuiltinModel(entry.builtin, join(cacheDir, '.builtin')));
    source = 'builtin';
  } else if ('zoo' in entry) {
    ({ path } = await resolveZooModel(entry.zoo, {
      fetch: ctx.fetch,
      cacheDir,
      mirror: ctx.mirror,
      onEvent: ctx.onFetchEvent,
      ...(ctx.manifest ? { manifest: ctx.manifest } : {}),
    }));
    source = 'zoo';
  } else {
    path = resolve(entry.path);
    source = 'file';
  }
  const { sha256, info } = readModelFile(path);
  checkMeasurable(info, path);
  return { ref: { name, path, sha256, source }, info };
}

/** A graph without nodes or outputs runs nothing: onnxruntime would fail with a C++ signature dump. */
function checkMeasurable(info: ModelInfo, path: string): void {
  if (info.nodes.length === 0) {
    throw new DnnperfError(
      'E_MODEL_INVALID',
      `model file ${path} has an empty graph (no nodes): there is nothing to measure; export the model again and check the export kept its graph`,
    );
  }
  if (info.outputs.length === 0) {
    throw new DnnperfError('E_MODEL_INVALID', `model file ${path} declares no graph outputs: nothing would be computed; export the model with its outputs`);
  }
}
