/**
 * The FP16 model an FP16 target runs: the project's own conversion of the FP32 model,
 * cached by the source's sha256, or the model itself when it already is FP16.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveFetchOptions } from './fetch/index.js';
import { fp16CachedPath } from './fp16/cache.js';
import { isFp16Model } from './fp16/detect.js';
import { type ResolvedModel, readModelFile } from './resolve-model.js';

export async function fp16Variant(model: ResolvedModel, cacheDir?: string): Promise<ResolvedModel> {
  if (isFp16Model(readFileSync(model.ref.path))) return model;
  const { path, sha256 } = await fp16CachedPath(model.ref.path, model.ref.sha256, join(cacheDir ?? resolveFetchOptions().cacheDir, '.derived'));
  return {
    ref: { name: model.ref.name, path, sha256, source: 'derived', derivedFrom: model.ref.sha256 },
    info: readModelFile(path).info,
  };
}
