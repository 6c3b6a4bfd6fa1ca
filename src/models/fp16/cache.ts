/**
 * FP16 models cached by the sha256 of their FP32 source: `<cacheDir>/fp16/<srcSha256>.onnx`,
 * converted once (default options) and written atomically, so concurrent children that
 * need the same model either find the whole file or write identical bytes over it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../file-io.js';
import { makeFolder } from '../../fs/make-folder.js';
import { convertToFp16 } from './convert.js';

/** Path and sha256 of the FP16 version of the model at `srcPath`, converting it on first use. */
export async function fp16CachedPath(srcPath: string, srcSha256: string, cacheDir: string): Promise<{ path: string; sha256: string }> {
  const file = path.join(cacheDir, 'fp16', `${srcSha256}.onnx`);
  let bytes = await readFile(file).catch(() => undefined);
  if (!bytes) {
    bytes = Buffer.from(convertToFp16(await readFile(srcPath)).bytes);
    makeFolder(path.dirname(file));
    writeFileAtomic(file, bytes);
  }
  return { path: file, sha256: createHash('sha256').update(bytes).digest('hex') };
}
