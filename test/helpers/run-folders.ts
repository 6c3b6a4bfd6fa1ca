/** Run folders on disk for CLI tests: write a synthetic run, cut its last line, and snapshot a tree to prove nothing changed. */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { appendResult, RESULTS_FILE, type RunData, writeManifest } from '../../src/results/run-files.js';

/** Writes `run` as `<dir>/<run id>` the way the run core does (run.json, then one line per result) and returns the folder. */
export function saveRun(dir: string, run: RunData, over: Partial<RunData['manifest']> = {}): string {
  const at = join(dir, over.runId ?? run.manifest.runId);
  writeManifest(at, { ...run.manifest, ...over });
  for (const r of run.results) appendResult(at, r);
  return at;
}

/** An interrupted write: the last result line loses its second half. */
export function cutLastLine(runDir: string): void {
  const file = join(runDir, RESULTS_FILE);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const last = lines.pop()!;
  writeFileSync(file, `${[...lines, last.slice(0, Math.floor(last.length / 2))].join('\n')}`);
}

/** Every path under `root` with its kind, size and content hash: equal snapshots mean nothing on disk changed. */
export function snapshotTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const s = lstatSync(path);
      const key = relative(root, path);
      if (s.isDirectory()) {
        out[key] = 'dir';
        walk(path);
      } else out[key] = s.isFile() ? `file ${s.size} ${createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16)}` : 'other';
    }
  };
  walk(root);
  return out;
}
