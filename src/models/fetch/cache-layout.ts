/** Where a model lives in the cache: `<cacheDir>/<id>/<file>`, and for bundles `<cacheDir>/<id>/<stem>/<member>`. */
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import { assertModelId } from '../manifest/model-id.js';
import type { ManifestEntry } from '../manifest/schema.js';

export interface CacheLayout {
  /** `<cacheDir>/<id>`: everything of this model, including hidden part files. */
  dir: string;
  /** The downloaded, verified file (the archive for bundles). */
  file: string;
  /** The folder a bundle is extracted into; undefined for plain files. */
  extractDir: string | undefined;
  /** The model file a run loads. */
  modelFile: string;
}

export function cacheLayout(entry: ManifestEntry, cacheDir: string): CacheLayout {
  const dir = join(cacheDir, assertModelId(entry.id));
  const name = basename(entry.modelPath);
  const file = join(dir, name);
  if (!entry.archive) return { dir, file, extractDir: undefined, modelFile: file };
  const stem = name.replace(/\.(tar\.gz|tgz)$/, '');
  const extractDir = join(dir, stem === name ? `${name}.d` : stem);
  return { dir, file, extractDir, modelFile: join(extractDir, entry.archive.member) };
}

/** A hidden sibling name no other process picks: `.<name>.<random>.<suffix>`. */
export const hiddenTempName = (file: string, suffix: string): string => join(file, '..', `.${basename(file)}.${randomBytes(6).toString('hex')}.${suffix}`);
