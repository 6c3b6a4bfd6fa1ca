import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix = 'dnnperf-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a suite JSON into `dir` and returns its path. */
export function writeSuite(dir: string, suite: object, name = 'suite.json'): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(suite));
  return path;
}

/** A fast protocol for tests: the mock engine's time is synthetic, real engines' is short. */
export const FAST_PROTOCOL = { minTimeMs: 20, maxTimeMs: 300, warmupMs: 5, warmupIterations: 2, minSamples: 10, profileRuns: 3 };
