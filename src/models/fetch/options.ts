/** Fetch options: every field optional with a documented default; `resolveFetchOptions` fills them in. */
import { join } from 'node:path';
import envPaths from 'env-paths';
import type { FetchEvent } from './events.js';

export const DEFAULT_ATTEMPTS = 4;
export const DEFAULT_BACKOFF_MS = 500;
export const DEFAULT_MAX_BACKOFF_MS = 8_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_REDIRECTS = 5;
export const CACHE_DIR_ENV = 'DNNPERF_CACHE_DIR';
export const MIRROR_ENV = 'DNNPERF_MODEL_MIRROR';

export interface FetchOptions {
  /** Cache root; each model lives in `<cacheDir>/<id>/`. Default: `$DNNPERF_CACHE_DIR`, else `<user cache dir>/dnnperf/models` (env-paths). */
  cacheDir?: string;
  /** Mirror base URL (http(s), `file://`) or folder, tried before the manifest URLs as `<mirror>/<modelPath>`. Default: `$DNNPERF_MODEL_MIRROR`, else none. */
  mirror?: string;
  /** Tries per URL on transient failures (5xx, 429, resets, idle timeouts, truncated bodies). Default 4. */
  attempts?: number;
  /** First retry delay; doubles each retry, then half of it is jittered. Default 500 ms. */
  backoffMs?: number;
  /** Cap on one retry delay. Default 8000 ms. */
  maxBackoffMs?: number;
  /** A request that receives nothing for this long is abandoned (then retried). Default 30000 ms. */
  idleTimeoutMs?: number;
  /** Redirects followed per request. Default 5. */
  maxRedirects?: number;
  /** A partial download left untouched this long (a killed fetch) is adopted and resumed. Default 2 x idleTimeoutMs, so a live download is never taken. */
  stalePartMs?: number;
  /** Environment the defaults are read from. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Receives start/progress/retry/url-failed/done events. Default: none. */
  onEvent?: (event: FetchEvent) => void;
}

export interface ResolvedFetchOptions {
  cacheDir: string;
  mirror: string | undefined;
  attempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  idleTimeoutMs: number;
  maxRedirects: number;
  stalePartMs: number;
  onEvent: (event: FetchEvent) => void;
}

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);

export function resolveFetchOptions(options: FetchOptions = {}): ResolvedFetchOptions {
  const env = options.env ?? process.env;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  return {
    cacheDir: options.cacheDir ?? nonEmpty(env[CACHE_DIR_ENV]) ?? join(envPaths('dnnperf', { suffix: '' }).cache, 'models'),
    mirror: nonEmpty(options.mirror) ?? nonEmpty(env[MIRROR_ENV]),
    attempts: Math.max(1, options.attempts ?? DEFAULT_ATTEMPTS),
    backoffMs: options.backoffMs ?? DEFAULT_BACKOFF_MS,
    maxBackoffMs: options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS,
    idleTimeoutMs,
    maxRedirects: options.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
    stalePartMs: options.stalePartMs ?? 2 * idleTimeoutMs,
    onEvent: options.onEvent ?? (() => {}),
  };
}

/** How to name the cache folder in an error: by the flag or variable that chose it. */
export function cacheDirLabel(cacheDir: string | undefined, env: Record<string, string | undefined> = process.env): string {
  if (cacheDir !== undefined) return '--cache-dir';
  if (nonEmpty(env[CACHE_DIR_ENV])) return `$${CACHE_DIR_ENV}`;
  return 'the model cache folder (set --cache-dir or $DNNPERF_CACHE_DIR)';
}
