/** What `run` calls for a suite's `{ "zoo": id }` model: the cached file, fetched first when allowed. */
import { DnnperfError } from '../../errors.js';
import { findModel, loadManifest } from '../manifest/load-manifest.js';
import type { Manifest } from '../manifest/schema.js';
import type { FetchEvent } from './events.js';
import { cachedModel, fetchModel } from './fetch-model.js';
import { resolveFetchOptions } from './options.js';

export interface ResolveZooModelOptions {
  /** Download the model when it is not cached (`run`'s default); false for `--no-fetch`. */
  fetch: boolean;
  /** Default: see FetchOptions.cacheDir. */
  cacheDir?: string;
  /** Default: see FetchOptions.mirror. */
  mirror?: string;
  onEvent?: (event: FetchEvent) => void;
  /** Default: the bundled `models/zoo.json`. */
  manifest?: Manifest;
}

export async function resolveZooModel(id: string, options: ResolveZooModelOptions): Promise<{ path: string; sha256: string }> {
  const entry = findModel(options.manifest ?? loadManifest(), id);
  const fetchOptions = { cacheDir: options.cacheDir, mirror: options.mirror, onEvent: options.onEvent };
  const o = resolveFetchOptions(fetchOptions);
  const cached = await cachedModel(entry, o);
  if (cached) return { path: cached.path, sha256: cached.sha256 };
  if (!options.fetch) {
    throw new DnnperfError('E_FETCH', `model ${id} is not in the cache ${o.cacheDir}: run \`dnnperf fetch ${id}\` (or drop --no-fetch)`);
  }
  const fetched = await fetchModel(entry, fetchOptions);
  return { path: fetched.path, sha256: fetched.sha256 };
}
