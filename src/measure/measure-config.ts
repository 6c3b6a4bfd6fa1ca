/**
 * The measurement protocol for one configuration, run inside its own
 * child process: create, inputs, first run, warm-up, adaptive sampling, output checks,
 * accuracy against the FP32 reference. Failures become data with the phase they happened in.
 */
import { performance } from 'node:perf_hooks';
import { isFp16Target, isGpuBackend, parseBackendSpec } from '../engines/backend-spec.js';
import type { Engine, EngineSession } from '../engines/engine.js';
import { createEngine, type EngineInstance } from '../engines/registry.js';
import { type GpuUsageProbe, startGpuUsage } from '../env/gpu-usage.js';
import { startMachineProbe } from '../env/machine-probe.js';
import { errorMessage } from '../errors.js';
import { makeInputSets } from '../models/input-data.js';
import { type ConfigResult, type MachineState, type OkResult, SCHEMA_VERSION } from '../results/schema.js';
import { summarize } from '../stats/summary.js';
import type { TensorMap } from '../tensors.js';
import { compareOutputs } from './accuracy.js';
import { checkExpectedOutputs } from './expected-outputs.js';
import { firstRunHint } from './first-run-hint.js';
import { settleGpuClock } from './gpu-clock-settle.js';
import { withInjectedSlowdown } from './inject-slowdown.js';
import type { MeasureJob } from './job.js';
import { sequentialPoint } from './load/load-point.js';
import { noiseVerdict } from './noise.js';
import { checkOutputs } from './output-check.js';
import { PhaseError, phase } from './phase.js';
import { sampleAdaptively, type TimeBatch, warmFor, warmUp } from './sampler.js';

/** The reference every other backend/target is compared with. */
export const REFERENCE_BACKEND = 'cpu';

/** Runs per call for engines that pay a round trip per call (workers). */
const WORKER_BATCH = 16;

/** An engine message on one line, so the hint after it stays on the same line. */
const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();

/** Timed runs rotating over the sessions (one call each), with the injected slowdown when asked. */
function timeBatchOf(sessions: readonly EngineSession[], pct: number | undefined): TimeBatch {
  let next = 0;
  const time = (n: number) => sessions[next++ % sessions.length]!.time(n);
  if (!pct) return time;
  return withInjectedSlowdown(async () => (await time(1))[0]!, pct);
}

/**
 * The FP32 reference outputs for the same inputs: `ort:cpu` on the source model, using the
 * engine's own onnxruntime when the engine is onnxruntime (two native versions never share
 * a process), else the project's.
 */
async function referenceOutputs(job: MeasureJob, inputs: TensorMap): Promise<{ spec: string; outputs: TensorMap } | undefined> {
  const ref: EngineInstance = job.engine.kind === 'ort' ? job.engine : { alias: 'ort', kind: 'ort', options: {} };
  const bt = parseBackendSpec(`${ref.alias}:${REFERENCE_BACKEND}`);
  if (job.config.engine === ref.alias && job.config.backend === REFERENCE_BACKEND && !job.config.target && job.modelPath === job.referenceModelPath) {
    return undefined; // this configuration is the reference
  }
  const engine = createEngine(ref);
  const session = await engine.open(job.referenceModelPath, bt, { options: {} });
  try {
    await session.setInputs([inputs]);
    return { spec: bt.spec, outputs: (await session.runOnce(0)).outputs };
  } finally {
    await session.close();
  }
}

/** Made-up timings cannot be disturbed: the machine's disturbance is dropped, a planted one kept. */
export function syntheticMachine(measured: MachineState, planted: string | undefined): MachineState {
  const { disturbance: _ignored, ...rest } = measured;
  return { ...rest, note: 'synthetic timing: the machine cannot disturb it', ...(planted ? { disturbance: planted } : {}) };
}

export async function measureConfig(job: MeasureJob): Promise<ConfigResult> {
  const started = new Date();
  const wall0 = performance.now();
  const base = { schemaVersion: SCHEMA_VERSION, config: job.config, startedAt: started.toISOString() };
  const p = job.protocol;
  let engine: Engine | undefined;
  let engineVersion: string | undefined;
  let session: EngineSession | undefined;
  let extraSessions: EngineSession[] = [];
  try {
    engine = createEngine(job.engine);
    const eng = engine;
    const bt = parseBackendSpec(job.config.spec);
    const info = await phase('engine', () => eng.info());
    engineVersion = info.version;
    const tf32 = await phase('engine', async () => eng.tf32?.(bt, info.processEnv ?? {}));
    const deviceId = Number(job.config.options['deviceId'] ?? 0);
    const gpu: GpuUsageProbe | undefined = isGpuBackend(bt.backend) ? await startGpuUsage(deviceId) : undefined;
    // The process holding the GPU context: a worker's, once the session has started it.
    const devicePid = (): number => eng.devicePid?.() ?? process.pid;
    // The protocol's thread count applies where the configuration sets none (the key stays the same; the protocol records it).
    const options = { ...(p.intraOpThreads !== undefined ? { threads: p.intraOpThreads } : {}), ...job.config.options };
    const s = await phase('create', () => eng.open(job.modelPath, bt, { options, trial: job.config.trial }));
    session = s;
    const inputSets = await phase('inputs', async () => {
      const sets = makeInputSets(job.inputs, job.config.shapes, job.inputSets ?? p.inputSets, p.seed, job.tiles);
      await s.setInputs(sets);
      return sets;
    });
    const first = await phase('first-run', () => s.runOnce(0));
    const outputs = checkOutputs(first.outputs);
    await gpu?.sample(devicePid());
    // More sessions of the same model, used in turn: their layouts average inside the process.
    const extra = await phase('create', async () => {
      const more: EngineSession[] = [];
      for (let i = 1; i < (p.sessions ?? 1); i++) {
        const x = await eng.open(job.modelPath, bt, { options, trial: job.config.trial });
        more.push(x);
        await x.setInputs(inputSets);
        await x.runOnce(0);
      }
      return more;
    });
    extraSessions = extra;
    const timeBatch = timeBatchOf([s, ...extra], job.injectSlowdownPct);
    const batchIterations = eng.batched ? WORKER_BATCH : 1;
    const warmup = await phase('warm-up', async () => {
      const w = await warmUp(timeBatch, {
        iterations: p.warmupIterations,
        ms: p.warmupMs,
        batchIterations,
        stableTolerance: p.warmupStableTolerance,
        maxMs: p.warmupMaxMs,
      });
      if (!gpu || !p.gpuClockSettle) return w;
      const gpuClock = await settleGpuClock(deviceId, (ms) => warmFor(timeBatch, ms, batchIterations), p.warmupMaxMs ?? p.warmupMs);
      return { ...w, ms: w.ms + gpuClock.waitedMs, gpuClock };
    });
    await gpu?.sample(devicePid());
    const machineProbe = await startMachineProbe(gpu ? { gpuDeviceId: deviceId } : {});
    const sampled = await phase('sampling', () => sampleAdaptively(timeBatch, { ...p, batchIterations }));
    const machine = eng.syntheticTiming ? syntheticMachine(await machineProbe.finish(), s.plantedDisturbance?.()) : await machineProbe.finish();
    const stats = summarize(sampled.samplesMs);
    await gpu?.sample(devicePid());
    // Outside the timed window: set 0's outputs are the first run's, the other sets run once more.
    const expectedOutputs = job.expected && (await checkExpectedOutputs(job.expected, async (i) => (i === 0 ? first.outputs : (await s.runOnce(i)).outputs)));
    const gpuUsage = gpu?.finish(devicePid());
    const execution = s.execution();
    await s.close();
    for (const x of extra) await x.close();
    extraSessions = [];
    session = undefined;
    let accuracy: OkResult['accuracy'];
    let accuracyNote: string | undefined;
    try {
      const ref = await referenceOutputs(job, inputSets[0]!);
      if (ref) accuracy = compareOutputs(ref.outputs, first.outputs, ref.spec, { fp16: isFp16Target(bt.target) });
    } catch (e) {
      accuracyNote = `accuracy not computed: ${errorMessage(e)}`;
    }
    const result: OkResult = {
      ...base,
      engineVersion,
      status: 'ok',
      wallMs: performance.now() - wall0,
      execution: accuracyNote ? { ...execution, notes: [...execution.notes, accuracyNote] } : execution,
      createMs: s.createMs,
      firstRunMs: first.ms,
      warmup,
      samplesMs: sampled.samplesMs,
      stats,
      stop: sampled.stop,
      noise: noiseVerdict(sampled.samplesMs, stats, sampled.stop, p.noiseIqrRelThreshold),
      machine,
      ...(extra.length > 0 ? { sessions: 1 + extra.length } : {}),
      throughputPerS: (job.config.batch * 1000) / stats.medianMs,
      // In a concurrency sweep, concurrency 1 is a throughput point too: the same samples, read as one.
      ...(job.config.concurrency ? { load: sequentialPoint(sampled.samplesMs, job.config.batch, sampled.stop.reason === 'target-precision') } : {}),
      ...(accuracy ? { accuracy } : {}),
      ...(expectedOutputs ? { expectedOutputs } : {}),
      outputs,
      ...(gpuUsage?.loadedLibraries ? { loadedLibraries: gpuUsage.loadedLibraries } : {}),
      ...(tf32 ? { tf32 } : {}),
      ...(info.processEnv ? { processEnv: info.processEnv } : {}),
      memory: { peakRssBytes: process.resourceUsage().maxRSS * 1024, ...gpuUsage?.memory },
    };
    return result;
  } catch (e) {
    await session?.close().catch(() => undefined);
    for (const x of extraSessions) await x.close().catch(() => undefined);
    const failedPhase = e instanceof PhaseError ? e.phase : 'measure';
    const hint = failedPhase === 'first-run' ? firstRunHint(job) : undefined;
    return {
      ...base,
      ...(engineVersion ? { engineVersion } : {}),
      status: 'failed',
      wallMs: performance.now() - wall0,
      phase: failedPhase,
      reason: hint ? `${oneLine(errorMessage(e))}; ${hint}` : errorMessage(e),
    };
  } finally {
    await engine?.dispose?.();
  }
}
