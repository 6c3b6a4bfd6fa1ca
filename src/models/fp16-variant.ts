/**
 * The FP16 model an FP16 target runs: the project's own conversion of the FP32 model,
 * cached by the source's sha256, or the model itself when it already is FP16.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { resolveFetchOptions } from './fetch/index.js';
import { convertToFp16 } from './fp16/convert.js';
import { isFp16Model } from './fp16/detect.js';
import { describeModel, decodeModel } from './onnx/decode.js';
import type { ResolvedModel } from './resolve-model.js';

export function fp16Variant(model: ResolvedModel, cacheDir?: string): ResolvedModel {
  const source = readFileSync(model.ref.path);
  if (isFp16Model(source)) return model;
  const dir = join(cacheDir ?? resolveFetchOptions().cacheDir, '.fp16');
  const path = join(dir, `${model.ref.sha256}.onnx`);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, convertToFp16(source).bytes);
    renameSync(tmp, path); // atomic: a concurrent run never reads half a model
  }
  const bytes = readFileSync(path);
  return {
    ref: {
      name: `${model.ref.name}-fp16`,
      path,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      source: 'derived',
      derivedFrom: model.ref.sha256,
    },
    info: describeModel(decodeModel(bytes, `FP16 conversion of ${model.ref.name}`)),
  };
}
