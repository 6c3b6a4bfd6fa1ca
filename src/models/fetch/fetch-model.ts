/** Fetches one manifest entry into the cache, or returns the verified cached copy. */
import { rename, rm, stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { makeFolder } from '../../fs/make-folder.js';
import type { ManifestEntry } from '../manifest/schema.js';
import { ensureExtracted } from './bundle.js';
import { type CacheLayout, cacheLayout } from './cache-layout.js';
import { candidateUrls } from './candidate-urls.js';
import { downloadFrom } from './download.js';
import { noSourceError, type UrlFailure } from './fetch-error.js';
import { sha256File } from './hash-file.js';
import { type FetchOptions, type ResolvedFetchOptions, resolveFetchOptions } from './options.js';
import { claimPartFile } from './part-file.js';

export interface FetchResult {
  id: string;
  /** The model file to load (inside the extracted folder for bundles). */
  path: string;
  /** sha256 and size of the downloaded file as the manifest lists them (the archive for bundles). */
  sha256: string;
  bytes: number;
  fromCache: boolean;
  /** Where the bytes came from: the URL that delivered them, or the cached file's `file://` URL. */
  url: string;
}

/** True when the cached file has the manifest's size and sha256; a damaged copy is removed. */
async function isVerified(file: string, entry: ManifestEntry): Promise<boolean> {
  const size = await stat(file).then(
    (s) => s.size,
    () => -1,
  );
  if (size < 0) return false;
  if (size === entry.bytes && (await sha256File(file)) === entry.sha256) return true;
  await rm(file, { force: true });
  return false;
}

async function finish(entry: ManifestEntry, layout: CacheLayout, o: ResolvedFetchOptions, url: string, fromCache: boolean): Promise<FetchResult> {
  if (entry.archive) await ensureExtracted(layout, entry.id, entry.archive.member);
  o.onEvent({ type: 'done', id: entry.id, url, receivedBytes: entry.bytes, totalBytes: entry.bytes, path: layout.modelFile, fromCache });
  return { id: entry.id, path: layout.modelFile, sha256: entry.sha256, bytes: entry.bytes, fromCache, url };
}

/** The cached model when it is there and intact (extracting a cached bundle if needed), else undefined. */
export async function cachedModel(entry: ManifestEntry, o: ResolvedFetchOptions): Promise<FetchResult | undefined> {
  const layout = cacheLayout(entry, o.cacheDir);
  if (!(await isVerified(layout.file, entry))) return undefined;
  return finish(entry, layout, o, pathToFileURL(layout.file).href, true);
}

/** Tries each URL in order; the verified part file is renamed into place, so the final file is always whole. */
async function download(entry: ManifestEntry, layout: CacheLayout, o: ResolvedFetchOptions): Promise<string> {
  makeFolder(layout.dir);
  const part = await claimPartFile(layout.file, o.stalePartMs);
  const failures: UrlFailure[] = [];
  for (const url of candidateUrls(entry, o.mirror)) {
    try {
      await downloadFrom(url, { id: entry.id, sha256: entry.sha256, bytes: entry.bytes, part }, o);
      await rename(part, layout.file);
      return url;
    } catch (e) {
      const reason = (e as Error).message;
      failures.push({ url, reason });
      const receivedBytes = await stat(part).then(
        (s) => s.size,
        () => 0,
      );
      o.onEvent({ type: 'url-failed', id: entry.id, url, receivedBytes, totalBytes: entry.bytes, reason });
    }
  }
  // The partial file stays hidden; a later fetch adopts it once stale and resumes.
  throw noSourceError(entry, failures);
}

export async function fetchModel(entry: ManifestEntry, options: FetchOptions = {}): Promise<FetchResult> {
  const o = resolveFetchOptions(options);
  const cached = await cachedModel(entry, o);
  if (cached) return cached;
  const layout = cacheLayout(entry, o.cacheDir);
  return finish(entry, layout, o, await download(entry, layout, o), false);
}
