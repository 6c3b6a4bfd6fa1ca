/**
 * A whole run: plan the matrix, write run.json, then measure each configuration in its own
 * child process and append its result to results.jsonl before the next one starts.
 * A failing configuration is recorded and the run goes on; an abort (Ctrl-C) stops after
 * recording the interrupted configuration, with everything finished already on disk.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { collectEnvironment } from '../env/environment.js';
import { appendResult, readRun, writeManifest, type RunData } from '../results/run-files.js';
import { SCHEMA_VERSION, type Environment, type RunManifest } from '../results/schema.js';
import type { RunEventHandler } from './events.js';
import { resolveRunOptions, type RunOptions } from './options.js';
import { planRun, withTrials, type PlannedConfig } from './plan.js';
import { runOne } from './run-one.js';
import { newRunId } from './run-id.js';
import { selectShard } from './shard.js';
import { sampleGpuClocks } from '../env/clocks.js';
import { PROTOCOL_VERSION } from '../results/protocol-version.js';
import { loadManifest } from '../models/manifest/load-manifest.js';

/**
 * A run in progress: its folder exists, and more trials can be measured into it (the gate
 * measures undecided configurations again). Every measured trial is on disk at once.
 */
export interface RunHandle {
  dir: string;
  /** The planned configurations (shard applied), trial 0 of each. */
  planned: PlannedConfig[];
  /** Measures these (trial numbers set) in order, appending to the run and its planned matrix. */
  measure(runs: PlannedConfig[]): Promise<void>;
  /** Wall seconds each measured process took (spawn to result), by configuration key. */
  secondsByKey: Map<string, number[]>;
  /** The run as on disk now. */
  read(): RunData;
  /** GPU clocks at the end, the run-end event; returns the run. */
  finish(): Promise<RunData>;
}

export async function startRun(options: RunOptions, onEvent: RunEventHandler = () => {}, signal?: AbortSignal): Promise<RunHandle> {
  const o = resolveRunOptions(options);
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
  const manifest: RunManifest = {
    schemaVersion: SCHEMA_VERSION,
    runId,
    suite: plan.suite,
    createdAt: new Date().toISOString(),
    environment: await collectEnvironment(engines),
    protocol: o.protocol,
    protocolVersion: PROTOCOL_VERSION,
    configurations: [],
    ...(o.shard ? { shard: o.shard } : {}),
  };
  const gpus = manifest.environment.gpus.length > 0;
  // Clocks at start and end show throttling or a changed application clock across the run.
  if (gpus) manifest.environment.extra['gpuClocksStart'] = await sampleGpuClocks();
  writeManifest(dir, manifest);
  let position = 0;
  let started = false;
  const secondsByKey = new Map<string, number[]>();
  return {
    dir,
    planned: configs,
    secondsByKey,
    async measure(runs) {
      manifest.configurations.push(...runs.map((r) => r.config));
      writeManifest(dir, manifest);
      const total = manifest.configurations.length;
      if (!started) onEvent({ type: 'run-start', runId, dir, total });
      started = true;
      for (const planned of runs) {
        if (signal?.aborted) break;
        position++;
        onEvent({ type: 'config-start', position, total, config: planned.config });
        const t0 = performance.now();
        const result = await runOne(planned, {
          protocol: o.protocol,
          layers: o.layers,
          ...(o.childEnv ? { childEnv: o.childEnv } : {}),
          ...(o.injectSlowdownPct ? { injectSlowdownPct: o.injectSlowdownPct } : {}),
          ...(signal ? { signal } : {}),
          onProfile: () => onEvent({ type: 'config-profile', position, total, config: planned.config }),
        });
        secondsByKey.set(planned.config.key, [...(secondsByKey.get(planned.config.key) ?? []), (performance.now() - t0) / 1000]);
        appendResult(dir, result);
        onEvent({ type: 'config-end', position, total, result });
      }
    },
    read: () => readRun(dir),
    async finish() {
      if (gpus) {
        manifest.environment.extra['gpuClocksEnd'] = await sampleGpuClocks();
        writeManifest(dir, manifest);
      }
      onEvent({ type: 'run-end', runId, dir, interrupted: signal?.aborted ?? false });
      return readRun(dir);
    },
  };
}

export async function runSuite(options: RunOptions, onEvent: RunEventHandler = () => {}, signal?: AbortSignal): Promise<RunData> {
  const run = await startRun(options, onEvent, signal);
  await run.measure(withTrials(run.planned, resolveRunOptions(options).trials));
  return run.finish();
}
