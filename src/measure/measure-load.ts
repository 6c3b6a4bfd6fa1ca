/**
 * A configuration with concurrency N > 1, in its own child process: N requests kept in flight
 * by a closed loop (sessions mode: N sessions; shared mode: one session, N calls), windows
 * after a warm-up until the stability rule holds or a cap, and the throughput point with the
 * per-request latency it costs. Output checks use session 0's first run; accuracy is
 * measured at concurrency 1 (same model, inputs and engine), not repeated here.
 */
import { performance } from 'node:perf_hooks';
import { isGpuBackend, parseBackendSpec } from '../engines/backend-spec.js';
import type { Engine, LoadGenerator } from '../engines/engine.js';
import { createEngine } from '../engines/registry.js';
import { startGpuUsage } from '../env/gpu-usage.js';
import { type GpuUtilisationProbe, startGpuUtilisation } from '../env/gpu-utilisation.js';
import { startMachineProbe } from '../env/machine-probe.js';
import { errorMessage } from '../errors.js';
import { makeInputSets } from '../models/input-data.js';
import { type ConfigResult, type LoadPoint, type LoadProtocol, type OkResult, SCHEMA_VERSION } from '../results/schema.js';
import { summarize } from '../stats/summary.js';
import type { MeasureJob } from './job.js';
import { type ClosedLoopOutcome, runClosedLoop } from './load/closed-loop.js';
import { closedLoopPoint } from './load/load-point.js';
import { type PollStamp, tracePolls, usageBetween } from './load/poll-trace.js';
import { syntheticMachine } from './measure-config.js';
import { checkOutputs } from './output-check.js';
import { PhaseError, phase } from './phase.js';
import { DEFAULT_LOAD_PROTOCOL } from './protocol-defaults.js';

const ACCURACY_NOTE = 'accuracy is measured at concurrency 1 (the same model, inputs and engine)';

function noiseOf(point: LoadPoint, lp: LoadProtocol): OkResult['noise'] {
  if (point.stability.stable) return { noisy: false };
  const w = point.windows.slice(-point.reportedWindows);
  const spread = (xs: number[]) => `${((Math.max(...xs) / Math.min(...xs) - 1) * 100).toFixed(1)}%`;
  return {
    noisy: true,
    reason:
      `not stable: the last ${w.length} windows spread by ${spread(w.map((x) => x.inferencesPerS))} in inferences/s and ${spread(w.map((x) => x.meanMs))} in mean latency ` +
      `(rule: within ${lp.stabilityPct}%): raise --max-time or --window-time, or quiet the machine`,
  };
}

/** CPU and GPU use during the reported windows, whose edges are poll times. */
function usage(
  outcome: ClosedLoopOutcome,
  lp: LoadProtocol,
  stamps: PollStamp[],
  gpu: GpuUtilisationProbe | undefined,
  external: boolean,
): Pick<LoadPoint, 'cpu' | 'gpu'> {
  const reported = outcome.windows.slice(-lp.stableWindows);
  const u = reported.length > 0 ? usageBetween(stamps, reported[0]!.startMs, reported.at(-1)!.endMs) : undefined;
  if (!u) return {};
  const method = external
    ? 'process CPU time of the measuring process and of the engine worker (Python time.process_time)'
    : 'process CPU time of the measuring process (all its threads)';
  return {
    cpu: { cpuMs: u.cpuMs, wallMs: u.wallMs, busyCores: u.cpuMs / u.wallMs, method },
    ...(gpu ? { gpu: gpu.between(u.fromWallMs, u.toWallMs) } : {}),
  };
}

export async function measureLoad(job: MeasureJob): Promise<ConfigResult> {
  const started = new Date();
  const wall0 = performance.now();
  const base = { schemaVersion: SCHEMA_VERSION, config: job.config, startedAt: started.toISOString() };
  const p = job.protocol;
  const lp = job.loadProtocol ?? DEFAULT_LOAD_PROTOCOL;
  const concurrency = job.config.concurrency ?? 1;
  const mode = job.config.concurrencyMode ?? 'sessions';
  let engine: Engine | undefined;
  let engineVersion: string | undefined;
  let gen: LoadGenerator | undefined;
  let utilisation: GpuUtilisationProbe | undefined;
  try {
    engine = createEngine(job.engine);
    const eng = engine;
    const bt = parseBackendSpec(job.config.spec);
    const info = await phase('engine', () => eng.info());
    engineVersion = info.version;
    const tf32 = await phase('engine', async () => eng.tf32?.(bt, info.processEnv ?? {}));
    if (!eng.openLoad) throw new PhaseError('create', `engine ${eng.name} cannot keep several requests in flight`);
    const gpuBackend = isGpuBackend(bt.backend);
    const deviceId = Number(job.config.options['deviceId'] ?? 0);
    const memory = gpuBackend ? await startGpuUsage(deviceId) : undefined;
    // The process holding the GPU context: a worker's, once the sessions have started it.
    const devicePid = (): number => eng.devicePid?.() ?? process.pid;
    const inputSets = makeInputSets(job.inputs, job.config.shapes, job.inputSets ?? p.inputSets, p.seed, job.tiles);
    const opened = await phase('create', () =>
      eng.openLoad!(job.modelPath, bt, { options: job.config.options, trial: job.config.trial }, { concurrency, mode, inputSets }),
    );
    gen = opened;
    const outputs = checkOutputs(opened.firstOutputs);
    await memory?.sample(devicePid());
    if (gpuBackend) utilisation = startGpuUtilisation(deviceId);
    const traced = tracePolls(opened);
    const machineProbe = await startMachineProbe(gpuBackend ? { gpuDeviceId: deviceId } : {});
    const outcome = await phase('sampling', () =>
      runClosedLoop(traced.generator, { ...lp, warmupMs: p.warmupMs, warmupIterations: p.warmupIterations, maxTimeMs: p.maxTimeMs, lanes: concurrency }),
    );
    const machine = eng.syntheticTiming ? syntheticMachine(await machineProbe.finish(), undefined) : await machineProbe.finish();
    await memory?.sample(devicePid());
    const sessions = mode === 'sessions' ? concurrency : 1;
    const { point, reported } = closedLoopPoint({
      outcome,
      protocol: lp,
      concurrency,
      mode,
      sessions,
      batch: job.config.batch,
      sessionSetup: opened.sessions,
      notes: [...opened.notes, ACCURACY_NOTE],
    });
    Object.assign(point, usage(outcome, lp, traced.stamps, utilisation, opened.externalCpuMs !== undefined));
    utilisation?.stop();
    const gpuUsage = memory?.finish(devicePid());
    const execution = opened.execution();
    await opened.close();
    gen = undefined;
    const stats = summarize(reported.latenciesMs);
    const result: OkResult = {
      ...base,
      engineVersion,
      status: 'ok',
      wallMs: performance.now() - wall0,
      execution,
      createMs: opened.sessions[0]!.createMs,
      firstRunMs: opened.sessions[0]!.firstRunMs,
      warmup: outcome.warmup,
      samplesMs: reported.latenciesMs,
      stats,
      stop: { reason: outcome.stop, targetRelCiHalfWidth: p.targetRelCiHalfWidth, sampledMs: reported.endMs - reported.startMs },
      noise: noiseOf(point, lp),
      machine,
      throughputPerS: point.samplesPerS,
      load: point,
      outputs,
      ...(gpuUsage?.loadedLibraries ? { loadedLibraries: gpuUsage.loadedLibraries } : {}),
      ...(tf32 ? { tf32 } : {}),
      ...(info.processEnv ? { processEnv: info.processEnv } : {}),
      memory: { peakRssBytes: process.resourceUsage().maxRSS * 1024, ...gpuUsage?.memory },
    };
    return result;
  } catch (e) {
    utilisation?.stop();
    await gen?.close().catch(() => undefined);
    return {
      ...base,
      ...(engineVersion ? { engineVersion } : {}),
      status: 'failed',
      wallMs: performance.now() - wall0,
      phase: e instanceof PhaseError ? e.phase : 'measure',
      reason: errorMessage(e),
    };
  } finally {
    await engine?.dispose?.();
  }
}
