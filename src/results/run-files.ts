/**
 * Reading and writing a run folder: `run.json` (written once, atomically) and
 * `results.jsonl` (one line per configuration, appended and flushed as each finishes,
 * so an interrupted run keeps everything it measured).
 */
import { appendFileSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DnnperfError } from '../errors.js';
import { configResultSchema, runManifestSchema, type ConfigResult, type RunManifest } from './schema.js';
import { checkSchemaVersion } from './schema-version.js';

export const RUN_FILE = 'run.json';
export const RESULTS_FILE = 'results.jsonl';

export interface RunData {
  dir: string;
  manifest: RunManifest;
  results: ConfigResult[];
  /** Problems that did not stop the read, e.g. a last line cut off by an interruption. */
  warnings: string[];
}

/** Writes a file atomically: a reader never sees half of it. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function writeManifest(dir: string, manifest: RunManifest): void {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, RUN_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Appends one result and flushes it to disk before the next configuration starts. */
export function appendResult(dir: string, result: ConfigResult): void {
  const fd = openSync(join(dir, RESULTS_FILE), 'a');
  try {
    appendFileSync(fd, `${JSON.stringify(result)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DnnperfError('E_RESULTS', `${file}: not valid JSON (${(e as Error).message}): the file is damaged or truncated; re-run or point at another run`);
  }
}

function zodIssue(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  const first = error.issues[0];
  return first ? `${first.path.map(String).join('.') || '(root)'}: ${first.message}` : 'invalid';
}

export function readManifest(dir: string): RunManifest {
  const file = join(dir, RUN_FILE);
  if (!existsSync(file)) {
    throw new DnnperfError('E_RESULTS', `${dir}: no ${RUN_FILE} here: give the folder of a run (reports/<run-id>)`);
  }
  const raw = parseJson(readFileSync(file, 'utf8'), file) as { schemaVersion?: unknown };
  checkSchemaVersion(raw?.schemaVersion, file);
  const parsed = runManifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new DnnperfError('E_RESULTS', `${file}: does not match the run schema (${zodIssue(parsed.error)}): the file is damaged; re-run`);
  }
  return parsed.data;
}

/** Reads and validates a run folder. A cut-off last line (interrupted run) is a warning, not an error. */
export function readRun(dir: string): RunData {
  const manifest = readManifest(dir);
  const file = join(dir, RESULTS_FILE);
  const warnings: string[] = [];
  const results: ConfigResult[] = [];
  if (!existsSync(file)) {
    warnings.push(`${file}: missing: the run measured nothing`);
    return { dir, manifest, results, warnings };
  }
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${file}:${i + 1}`;
    let raw: { schemaVersion?: unknown };
    try {
      raw = JSON.parse(line);
    } catch {
      const isLast = lines.slice(i + 1).every((l) => l.trim() === '');
      if (isLast) {
        warnings.push(`${where}: last line cut off (interrupted run): ignored`);
        return;
      }
      throw new DnnperfError('E_RESULTS', `${where}: not valid JSON: the results file is damaged; re-run`);
    }
    checkSchemaVersion(raw?.schemaVersion, where);
    const parsed = configResultSchema.safeParse(raw);
    if (!parsed.success) {
      throw new DnnperfError('E_RESULTS', `${where}: does not match the result schema (${zodIssue(parsed.error)}): the file is damaged; re-run`);
    }
    results.push(parsed.data);
  });
  return { dir, manifest, results, warnings };
}
