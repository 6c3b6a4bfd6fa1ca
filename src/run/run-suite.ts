/**
 * A whole run: check where it goes, plan the matrix, write run.json, then measure each
 * configuration in its own child process and append its result to results.jsonl before the
 * next one starts. A failing configuration is recorded and the run goes on; an abort
 * (Ctrl-C) stops after recording the interrupted configuration, with everything finished
 * already on disk. Every output path and value is checked before the first child starts;
 * an existing run is refused, replaced or resumed (src/run/run-folder.ts).
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sampleGpuClocks } from '../env/clocks.js';
import { collectEnvironment } from '../env/environment.js';
import { DnnperfError } from '../errors.js';
import { checkOutputFolder } from '../fs/output-path.js';
import { cacheDirLabel, resolveFetchOptions } from '../models/fetch/index.js';
import { loadManifest } from '../models/manifest/load-manifest.js';
import { resultSlot } from '../results/completeness.js';
import { appendResult, type RunData, readRun, writeManifest } from '../results/run-files.js';
import { type ConfigResult, type ConfigSpec, type Environment, type LatencyBudgetOutcome, type RunManifest, SCHEMA_VERSION } from '../results/schema.js';
import { BudgetSearch } from './budget-search.js';
import type { RunEventHandler } from './events.js';
import { type RunOptions, resolveRunOptions } from './options.js';
import { type PlannedConfig, planRun, withTrials } from './plan.js';
import { checkRunFolder, createRunFolder, prepareResume } from './run-folder.js';
import { newRunId } from './run-id.js';
import { runOne } from './run-one.js';
import { selectShard } from './shard.js';

/**
 * A run in progress: its folder exists, and more trials can be measured into it (the gate
 * measures undecided configurations again). Every measured trial is on disk at once.
 */
export interface RunHandle {
  dir: string;
  /** The planned configurations (shard applied), trial 0 of each. */
  planned: PlannedConfig[];
  /**
   * Measures these (trial numbers set) in order, appending to the run and its planned matrix;
   * returns their results. `total`: how many the progress counts (default: the matrix so far).
   */
  measure(runs: PlannedConfig[], total?: number): Promise<ConfigResult[]>;
  /** A configuration the latency-budget search passes over: counted in the progress, never planned or measured. */
  skip(config: ConfigSpec, reason: string, total: number): void;
  /** Records the latency-budget search's outcome in run.json. */
  recordBudget(outcome: LatencyBudgetOutcome): void;
  /** Wall seconds each measured process took (spawn to result), by configuration key. */
  secondsByKey: Map<string, number[]>;
  /** The run as on disk now. */
  read(): RunData;
  /** GPU clocks at the end, the run-end event; returns the run. */
  finish(): Promise<RunData>;
}

export async function startRun(options: RunOptions, onEvent: RunEventHandler = () => {}, signal?: AbortSignal): Promise<RunHandle> {
  const o = resolveRunOptions(options);
  checkRunFolder(o.outDir, o.runId, o.existing);
  checkOutputFolder(o.cacheDir ?? resolveFetchOptions().cacheDir, cacheDirLabel(o.cacheDir));
  const plan = await planRun(o, {
    fetch: o.fetch,
    cacheDir: o.cacheDir,
    mirror: o.mirror,
    onFetchEvent: (event) => onEvent({ type: 'fetch', event }),
    ...(o.manifest ? { manifest: loadManifest(o.manifest) } : {}),
  });
  const configs = o.shard ? selectShard(plan.configs, o.shard) : plan.configs;
  const engines: Environment['engines'] = {};
  for (const [alias, { engine }] of plan.engines) {
    const info = await engine.info();
    engines[alias] = { version: info.version, ...(info.build ? { build: info.build } : {}) };
    await engine.dispose?.();
  }
  const runId = o.runId ?? newRunId(plan.suite);
  const dir = join(o.outDir, runId);
  let manifest: RunManifest = {
    schemaVersion: SCHEMA_VERSION,
    runId,
    suite: plan.suite,
    createdAt: new Date().toISOString(),
    environment: await collectEnvironment(engines),
    protocol: o.protocol,
    protocolVersion: o.protocolVersion,
    ...(configs.some((c) => c.config.concurrency !== undefined) ? { loadProtocol: o.loadProtocol } : {}),
    configurations: [],
    ...(o.shard ? { shard: o.shard } : {}),
  };
  const gpus = manifest.environment.gpus.length > 0;
  /** Slots (`key#trial`) with a finished result: what a resumed run does not measure again. */
  let done = new Set<string>();
  if (o.existing === 'resume') {
    // The earlier run's manifest stays: its environment is the one its results were measured in.
    const slots = withTrials(configs, o.trials).map((c) => c.config);
    ({ done, manifest } = prepareResume(dir, manifest, slots));
  } else {
    // Clocks at start and end show throttling or a changed application clock across the run.
    if (gpus) manifest.environment.extra['gpuClocksStart'] = await sampleGpuClocks();
    createRunFolder(o.outDir, dir, o.existing);
    writeManifest(dir, manifest);
  }
  const listed = new Set(manifest.configurations.map(resultSlot));
  // A resumed run counts on from what it already has.
  let position = done.size;
  let started = false;
  const secondsByKey = new Map<string, number[]>();
  return {
    dir,
    planned: configs,
    secondsByKey,
    async measure(all, plannedTotal) {
      const runs = all.filter((r) => !done.has(resultSlot(r.config)));
      const added = runs.filter((r) => !listed.has(resultSlot(r.config)));
      for (const r of added) listed.add(resultSlot(r.config));
      manifest.configurations.push(...added.map((r) => r.config));
      writeManifest(dir, manifest);
      const total = plannedTotal ?? manifest.configurations.length;
      if (!started) onEvent({ type: 'run-start', runId, dir, total });
      started = true;
      const results: ConfigResult[] = [];
      for (const planned of runs) {
        if (signal?.aborted) break;
        position++;
        onEvent({ type: 'config-start', position, total, config: planned.config });
        const t0 = performance.now();
        const result = await runOne(planned, {
          protocol: o.protocol,
          loadProtocol: o.loadProtocol,
          layers: o.layers,
          ...(o.childEnv ? { childEnv: o.childEnv } : {}),
          ...(o.injectSlowdownPct ? { injectSlowdownPct: o.injectSlowdownPct } : {}),
          ...(signal ? { signal } : {}),
          onProfile: () => onEvent({ type: 'config-profile', position, total, config: planned.config }),
        });
        secondsByKey.set(planned.config.key, [...(secondsByKey.get(planned.config.key) ?? []), (performance.now() - t0) / 1000]);
        appendResult(dir, result);
        results.push(result);
        onEvent({ type: 'config-end', position, total, result });
      }
      return results;
    },
    skip(config, reason, total) {
      if (!started) onEvent({ type: 'run-start', runId, dir, total });
      started = true;
      position++;
      onEvent({ type: 'config-skipped', position, total, config, reason });
    },
    recordBudget(outcome) {
      manifest.latencyBudget = outcome;
      writeManifest(dir, manifest);
      onEvent({ type: 'budget', outcome });
    },
    read: () => readRun(dir),
    async finish() {
      if (gpus && o.existing !== 'resume') {
        manifest.environment.extra['gpuClocksEnd'] = await sampleGpuClocks();
        writeManifest(dir, manifest);
      }
      onEvent({ type: 'run-end', runId, dir, interrupted: signal?.aborted ?? false });
      return readRun(dir);
    },
  };
}

export async function runSuite(options: RunOptions, onEvent: RunEventHandler = () => {}, signal?: AbortSignal): Promise<RunData> {
  const o = resolveRunOptions(options);
  if (o.latencyBudgetMs !== undefined && (o.shard || o.trials > 1 || o.existing === 'resume')) {
    throw new DnnperfError(
      'E_BAD_ARGUMENT',
      `--latency-budget walks the sweep in order and stops where it stops paying, so it runs whole and once: drop ${o.shard ? '--shard' : o.existing === 'resume' ? '--resume' : '--trials'}`,
    );
  }
  const run = await startRun(options, onEvent, signal);
  if (o.latencyBudgetMs === undefined) {
    await run.measure(withTrials(run.planned, o.trials));
    return run.finish();
  }
  // The search decides before each configuration whether it can still pay: the ones it passes
  // over are never planned, and the outcome names each with the reason.
  const search = new BudgetSearch(o.latencyBudgetMs);
  const total = run.planned.length;
  for (const planned of run.planned) {
    if (signal?.aborted) break;
    const skip = search.skipReason(planned.config);
    if (skip) run.skip(planned.config, skip, total);
    else for (const result of await run.measure([planned], total)) search.record(result);
  }
  run.recordBudget(search.outcome());
  return run.finish();
}
