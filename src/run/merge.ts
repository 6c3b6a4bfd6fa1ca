/**
 * `merge <runs...> --out <dir>`: joins shard runs into one run folder that compare, gate and
 * report read like any other. The shards must be of one suite, one machine key and one shard
 * count, each shard exactly once; otherwise one line says which and nothing is written.
 */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DnnperfError } from '../errors.js';
import { writeFileAtomic } from '../file-io.js';
import { checkOutputFolder } from '../fs/output-path.js';
import { describeIncompleteness, isComplete, runCompleteness } from '../results/completeness.js';
import { RESULTS_FILE, RUN_FILE, type RunData, readRun, writeManifest } from '../results/run-files.js';
import type { ConfigSpec, RunManifest } from '../results/schema.js';
import { assertRunId } from './run-id.js';

export interface MergeOptions {
  /** The merged run's folder; must not already hold a run. */
  outDir: string;
  /** Merged run id. Default: the folder's base name. */
  runId?: string;
}

function checkShards(runs: RunData[]): void {
  if (runs.length === 0) throw new DnnperfError('E_BAD_ARGUMENT', 'merge: no runs given: pass the shard run folders');
  const [first] = runs as [RunData];
  for (const run of runs) {
    const m = run.manifest;
    if (!m.shard) throw new DnnperfError('E_RESULTS', `${run.dir}: not a shard run (made without --shard): merge joins the runs of \`run --shard i/n\``);
    if (m.suite !== first.manifest.suite) {
      throw new DnnperfError('E_RESULTS', `${run.dir}: suite '${m.suite}' differs from ${first.dir}'s '${first.manifest.suite}': merge shards of one suite`);
    }
    if (m.environment.machineKey !== first.manifest.environment.machineKey) {
      throw new DnnperfError(
        'E_RESULTS',
        `${run.dir}: machine ${m.environment.machineKey} differs from ${first.dir}'s ${first.manifest.environment.machineKey}: run every shard on the same kind of machine`,
      );
    }
    if (m.shard.count !== first.manifest.shard!.count) {
      throw new DnnperfError(
        'E_RESULTS',
        `${run.dir}: shard ${m.shard.index}/${m.shard.count} does not match ${first.dir}'s shard count ${first.manifest.shard!.count}: merge shards of one split`,
      );
    }
  }
  const byIndex = new Map<number, string>();
  for (const run of runs) {
    const { index, count } = run.manifest.shard!;
    const seen = byIndex.get(index);
    if (seen) throw new DnnperfError('E_RESULTS', `shard ${index}/${count} given twice (${seen} and ${run.dir}): pass each shard once`);
    byIndex.set(index, run.dir);
  }
  const count = first.manifest.shard!.count;
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    throw new DnnperfError(
      'E_RESULTS',
      `shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: merge needs all ${count} shards`,
    );
  }
}

/** Plan order with trials interleaved, as the run core measures them. */
const order = (a: ConfigSpec, b: ConfigSpec) => a.trial - b.trial || a.index - b.index;

export function mergeRuns(dirs: readonly string[], options: MergeOptions): RunData {
  checkOutputFolder(options.outDir, '--out');
  if (existsSync(join(options.outDir, RUN_FILE))) {
    throw new DnnperfError('E_OUTPUT', `--out ${options.outDir} already holds a run: choose a new folder`);
  }
  const runId = options.runId === undefined ? basename(resolve(options.outDir)) : assertRunId(options.runId);
  const runs = dirs.map((dir) => readRun(dir));
  checkShards(runs);
  const incomplete = runs.flatMap((r) => {
    const c = runCompleteness(r);
    return isComplete(c) ? [] : [`${r.dir}: ${describeIncompleteness(c, r.manifest.configurations.length)}`];
  });
  const first = runs[0]!.manifest;
  const manifest: RunManifest = {
    ...first,
    runId,
    createdAt: runs.map((r) => r.manifest.createdAt).sort()[0]!,
    configurations: runs.flatMap((r) => r.manifest.configurations).sort(order),
    mergedFrom: runs.map((r) => r.manifest.runId),
  };
  delete manifest.shard;
  const results = runs.flatMap((r) => r.results).sort((a, b) => order(a.config, b.config));
  writeManifest(options.outDir, manifest);
  writeFileAtomic(join(options.outDir, RESULTS_FILE), results.map((r) => `${JSON.stringify(r)}\n`).join(''));
  const merged = readRun(options.outDir);
  return { ...merged, warnings: [...runs.flatMap((r) => r.warnings), ...incomplete, ...engineWarnings(runs)] };
}

/** Shards measured with different engine versions are comparable only with care: say so. */
function engineWarnings(runs: RunData[]): string[] {
  const versions = (r: RunData) =>
    JSON.stringify(
      Object.entries(r.manifest.environment.engines)
        .map(([k, v]) => [k, v.version])
        .sort(),
    );
  const first = versions(runs[0]!);
  return runs.filter((r) => versions(r) !== first).map((r) => `${r.dir}: engine versions ${versions(r)} differ from ${runs[0]!.dir}'s ${first}`);
}
