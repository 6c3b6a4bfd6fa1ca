/**
 * Reading and writing a run folder: `run.json` (written once, atomically) and
 * `results.jsonl` (one line per configuration, appended and flushed as each finishes,
 * so an interrupted run keeps everything it measured).
 */
import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DnnperfError } from '../errors.js';
import { type JsonFileKind, parseJson, readJson, writeFileAtomic } from '../file-io.js';
import { makeFolder } from '../fs/make-folder.js';
import { type ConfigResult, configResultSchema, type RunManifest, runManifestSchema } from './schema.js';
import { checkSchemaVersionOf } from './schema-version.js';

export const RUN_FILE = 'run.json';
export const RESULTS_FILE = 'results.jsonl';

export interface RunData {
  dir: string;
  manifest: RunManifest;
  results: ConfigResult[];
  /** Problems that did not stop the read, e.g. a last line cut off by an interruption. */
  warnings: string[];
  /** `results.jsonl:<line>` when its last line was cut off (an interrupted write) and dropped. */
  cutLine?: string;
}

export function writeManifest(dir: string, manifest: RunManifest): void {
  makeFolder(dir);
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

const RUN_KIND: JsonFileKind = {
  what: 'run',
  code: 'E_RESULTS',
  fix: 'the file is damaged or truncated; re-run or point at another run',
  check: checkSchemaVersionOf,
};
const RESULT_KIND: JsonFileKind = { what: 'result', code: 'E_RESULTS', fix: 'the results file is damaged; re-run', check: checkSchemaVersionOf };

export function readManifest(dir: string): RunManifest {
  const file = join(dir, RUN_FILE);
  if (!existsSync(file)) {
    throw new DnnperfError('E_RESULTS', `${dir}: no ${RUN_FILE} here: give the folder of a run (reports/<run-id>)`);
  }
  return readJson(file, runManifestSchema, RUN_KIND);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
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
  let cutLine: string | undefined;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${file}:${i + 1}`;
    const isLast = lines.slice(i + 1).every((l) => l.trim() === '');
    if (isLast && !isJson(line)) {
      warnings.push(`${where}: last line cut off (interrupted run): ignored`);
      cutLine = `${RESULTS_FILE}:${i + 1}`;
      return;
    }
    results.push(parseJson(line, where, configResultSchema, RESULT_KIND));
  });
  return { dir, manifest, results, warnings, ...(cutLine ? { cutLine } : {}) };
}
