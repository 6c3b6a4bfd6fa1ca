import { join } from 'node:path';
import { DnnperfError } from '../../errors.js';
import { readJson } from '../../file-io.js';
import { packageRoot } from '../../package-root.js';
import { assertModelId } from './model-id.js';
import { type Manifest, type ManifestEntry, manifestSchema } from './schema.js';

/** The manifest shipped with dnnperf. */
export const defaultManifestPath = (): string => join(packageRoot(), 'models', 'zoo.json');

/** Reads and validates a manifest file (default: the bundled `models/zoo.json`). */
export function loadManifest(file: string = defaultManifestPath()): Manifest {
  return readJson(file, manifestSchema, { what: 'model manifest', code: 'E_FETCH', fix: 'fix the file or pass another with --manifest' });
}

/** The entry for `id`, or an error naming close ids. */
export function findModel(manifest: Manifest, id: string): ManifestEntry {
  assertModelId(id);
  const entry = manifest.models.find((m) => m.id === id);
  if (entry) return entry;
  const stem = id.split(/[-_.]/)[0] ?? id;
  const near = manifest.models.filter((m) => m.id.startsWith(stem)).map((m) => m.id);
  const hint = near.length > 0 ? `did you mean ${near.slice(0, 5).join(', ')}?` : 'see models/zoo.json for the ids';
  throw new DnnperfError('E_FETCH', `unknown model id ${id}: ${hint}`);
}
