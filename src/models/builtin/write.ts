/** Writes a built-in model to disk once per content: same id and seed, same bytes, same sha256. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DnnperfError } from '../../errors.js';
import { writeFileAtomic } from '../../file-io.js';
import { makeFolder } from '../../fs/make-folder.js';
import { BUILTIN_MODELS, DEFAULT_SEED } from './registry.js';

export async function writeBuiltinModel(id: string, dir: string, seed = DEFAULT_SEED): Promise<{ path: string; sha256: string }> {
  const model = BUILTIN_MODELS[id];
  if (!model) {
    throw new DnnperfError('E_MODEL_MISSING', `no built-in model ${id}; use one of ${Object.keys(BUILTIN_MODELS).join(', ')}`);
  }
  const bytes = model.build(seed);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const file = path.join(dir, `${id}.onnx`);
  if (!(await sameContent(file, sha256))) {
    makeFolder(dir);
    // Atomic: a concurrent reader never sees a half-written model.
    writeFileAtomic(file, bytes);
  }
  return { path: file, sha256 };
}

async function sameContent(file: string, sha256: string): Promise<boolean> {
  try {
    return (
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex') === sha256
    );
  } catch {
    return false;
  }
}
