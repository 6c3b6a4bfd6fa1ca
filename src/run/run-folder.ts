/**
 * The run folder `<out>/<run-id>`: checked before anything is planned or measured, created
 * only once the plan stands. A run is never overwritten or mixed with another: an existing
 * folder is refused, unless the caller asked to replace it (it is deleted, then measured
 * again) or to resume it (same suite, matrix, protocol and machine: only what is missing is
 * measured, appended to its results).
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { DnnperfError } from '../errors.js';
import { writeFileAtomic } from '../file-io.js';
import { makeFolder } from '../fs/make-folder.js';
import { checkOutputFolder } from '../fs/output-path.js';
import { isFinished, resultSlot } from '../results/completeness.js';
import { protocolVersionOf } from '../results/protocol-version.js';
import { RESULTS_FILE, RUN_FILE, readRun } from '../results/run-files.js';
import type { ConfigResult, ConfigSpec, RunManifest } from '../results/schema.js';
import { assertRunId } from './run-id.js';

/** What to do when the run folder already exists. */
export type ExistingRunPolicy = 'refuse' | 'replace' | 'resume';
export const DEFAULT_EXISTING_RUN_POLICY: ExistingRunPolicy = 'refuse';

const FLAG: Record<ExistingRunPolicy, string> = { refuse: '', replace: '--replace', resume: '--resume' };

/** Before planning: the output folder usable, the run id a plain name, an existing run only with --replace or --resume. */
export function checkRunFolder(outDir: string, runId: string | undefined, policy: ExistingRunPolicy): void {
  checkOutputFolder(outDir, '--out');
  if (runId === undefined) {
    if (policy !== 'refuse') throw new DnnperfError('E_BAD_ARGUMENT', `${FLAG[policy]} needs --run-id <id>: name the run to ${policy}`);
    return;
  }
  assertRunId(runId);
  const dir = join(outDir, runId);
  const stats = lstatOrUndefined(dir);
  if (!stats) {
    if (policy === 'resume')
      throw new DnnperfError('E_BAD_ARGUMENT', `--resume: there is no run ${dir} to resume: drop --resume to start it, or check --out and --run-id`);
    return;
  }
  if (!stats.isDirectory()) throw new DnnperfError('E_OUTPUT', `run folder ${dir} exists and is not a folder: choose another --run-id`);
  const isRun = existsSync(join(dir, RUN_FILE));
  if (!isRun && readdirSync(dir).length > 0) {
    throw new DnnperfError('E_OUTPUT', `run folder ${dir} exists and holds files but no ${RUN_FILE}: it is not a run; choose another --run-id`);
  }
  if (policy === 'refuse' && isRun) {
    throw new DnnperfError(
      'E_OUTPUT',
      `run ${dir} already exists: choose another --run-id, or pass --replace to delete it and measure again, or --resume to measure only what it lacks`,
    );
  }
  if (policy === 'resume' && !isRun) throw new DnnperfError('E_BAD_ARGUMENT', `--resume: ${dir} holds no run (no ${RUN_FILE}): drop --resume`);
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Once the plan stands: a fresh, empty run folder (deleting the old run for 'replace'). */
export function createRunFolder(outDir: string, dir: string, policy: 'refuse' | 'replace'): void {
  makeFolder(outDir);
  if (policy === 'replace') rmSync(dir, { recursive: true, force: true });
  try {
    mkdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // Empty folders (made by hand, or by a run that stopped before its first write) are reused.
    if (readdirSync(dir).length > 0)
      throw new DnnperfError('E_OUTPUT', `run folder ${dir} appeared meanwhile (another run with the same --run-id?): choose another --run-id`);
  }
}

/**
 * For 'resume': checks the earlier run is the same suite, matrix, protocol and machine, keeps
 * its finished results (a cut last line and interrupted configurations are dropped, so they
 * are measured again) and returns the slots (`key#trial`) that still need a result.
 */
export function prepareResume(dir: string, planned: RunManifest, slots: readonly ConfigSpec[]): { done: Set<string>; manifest: RunManifest } {
  const earlier = readRun(dir);
  const m = earlier.manifest;
  const differs = (what: string, was: unknown, now: unknown) =>
    new DnnperfError(
      'E_BAD_ARGUMENT',
      `--resume: ${dir} was measured with another ${what} (${String(was)}, now ${String(now)}): resume with the same flags, or start a new run`,
    );
  if (m.suite !== planned.suite) throw differs('suite', m.suite, planned.suite);
  if (m.environment.machineKey !== planned.environment.machineKey) throw differs('machine', m.environment.machineKey, planned.environment.machineKey);
  const plan = (xs: readonly ConfigSpec[]) => xs.map((c) => `${resultSlot(c)}@${c.index}`).sort();
  if (!isDeepStrictEqual(plan(m.configurations), plan(slots))) {
    const count = (n: number) => `${n} planned measurement${n === 1 ? '' : 's'}`;
    const now = slots.length === m.configurations.length ? `${count(slots.length)}, others` : count(slots.length);
    throw differs('matrix', count(m.configurations.length), now);
  }
  const version = (x: RunManifest) => protocolVersionOf(x.protocolVersion);
  if (version(m) !== version(planned)) throw differs('protocol version', version(m), version(planned));
  if (!isDeepStrictEqual(m.protocol, planned.protocol)) {
    const field = Object.keys({ ...m.protocol, ...planned.protocol }).find(
      (k) => !isDeepStrictEqual((m.protocol as Record<string, unknown>)[k], (planned.protocol as Record<string, unknown>)[k]),
    );
    throw differs(`protocol (${field})`, (m.protocol as Record<string, unknown>)[field!], (planned.protocol as Record<string, unknown>)[field!]);
  }
  const engines = (x: RunManifest) => Object.fromEntries(Object.entries(x.environment.engines).map(([k, v]) => [k, v.version]));
  if (!isDeepStrictEqual(engines(m), engines(planned))) throw differs('engine versions', JSON.stringify(engines(m)), JSON.stringify(engines(planned)));
  const kept = new Map<string, ConfigResult>();
  for (const r of earlier.results) if (isFinished(r) && !kept.has(resultSlot(r.config))) kept.set(resultSlot(r.config), r);
  writeFileAtomic(join(dir, RESULTS_FILE), [...kept.values()].map((r) => `${JSON.stringify(r)}\n`).join(''));
  return { done: new Set(kept.keys()), manifest: m };
}
