/**
 * The harness against a plain timing loop, interleaved in one process so machine drift hits
 * both alike, alternating in rounds:
 * - onnxruntime: a plain `await session.run(feeds)` loop on one session, and the harness (the
 *   ORT engine's session driven by the adaptive tinybench sampler) on another session of the
 *   same model, provider and inputs;
 * - OpenCV: a plain `net.setInput(); net.forward()` loop timed inside the worker, and the
 *   harness (the engine's batched `time` calls driven by the same sampler), on the same net and
 *   inputs in the same worker.
 */
import { performance } from 'node:perf_hooks';
import { median } from 'simple-statistics';
import { parseBackendSpec } from '../src/engines/backend-spec.js';
import type { OpenCvSession } from '../src/engines/opencv/session.js';
import { loadOrt } from '../src/engines/ort/load-ort.js';
import { createOrtEngine } from '../src/engines/ort/ort-engine.js';
import { findOrtBackend } from '../src/engines/ort/providers.js';
import { toOrtTensor } from '../src/engines/ort/tensors.js';
import { createEngine, type EngineInstance } from '../src/engines/registry.js';
import { sampleAdaptively } from '../src/measure/sampler.js';
import { makeInputSets } from '../src/models/input-data.js';
import { readModelFile } from '../src/models/resolve-model.js';

export interface Agreement {
  plainMedianMs: number;
  harnessMedianMs: number;
  /** (harness - plain) / plain. */
  diff: number;
  /** Wall time per iteration, sampler machinery included, minus the plain loop's. */
  overheadMsPerIteration: number;
}

/** Runs per harness call for the worker engine, as the protocol asks it (measure-config's WORKER_BATCH). */
const WORKER_BATCH = 16;

async function openCvAgreement(
  instance: EngineInstance,
  modelPath: string,
  spec: string,
  shapes: Record<string, number[]>,
  rounds: number,
  roundMs: number,
): Promise<Agreement> {
  const inputs = readModelFile(modelPath).info.inputs.map((i) => ({ name: i.name, dtype: i.dtype! }));
  const engine = createEngine(instance);
  try {
    const s = (await engine.open(modelPath, parseBackendSpec(spec), { options: {} })) as OpenCvSession;
    await s.setInputs(makeInputSets(inputs, shapes, 3, 42));
    await s.runOnce(0);
    for (const w0 = performance.now(); performance.now() - w0 < 500; ) {
      await s.time(WORKER_BATCH);
      await s.plainLoop(50);
    }
    const plainTimes: number[] = [];
    const harnessTimes: number[] = [];
    const wall = { harness: 0, harnessN: 0 };
    for (let r = 0; r < rounds; r++) {
      plainTimes.push(...(await s.plainLoop(roundMs)));
      const h0 = performance.now();
      const out = await sampleAdaptively((k) => s.time(k), {
        minSamples: 1,
        maxSamples: 1e9,
        minTimeMs: roundMs,
        maxTimeMs: roundMs,
        targetRelCiHalfWidth: 0,
        batchIterations: WORKER_BATCH,
      });
      wall.harness += performance.now() - h0;
      wall.harnessN += out.samplesMs.length;
      harnessTimes.push(...out.samplesMs);
    }
    await s.close();
    const plainMedianMs = median(plainTimes);
    const harnessMedianMs = median(harnessTimes);
    return {
      plainMedianMs,
      harnessMedianMs,
      diff: (harnessMedianMs - plainMedianMs) / plainMedianMs,
      // The plain loop's wall time per iteration is its round over its count (timed in the worker).
      overheadMsPerIteration: wall.harness / wall.harnessN - (rounds * roundMs) / plainTimes.length,
    };
  } finally {
    await engine.dispose?.();
  }
}

export async function interleavedAgreement(
  modelPath: string,
  spec: string,
  shapes: Record<string, number[]>,
  rounds = 5,
  roundMs = 1000,
  engine: EngineInstance = { alias: 'ort', kind: 'ort', options: {} },
): Promise<Agreement> {
  if (engine.kind === 'opencv') return openCvAgreement(engine, modelPath, spec, shapes, rounds, roundMs);
  const bt = parseBackendSpec(spec);
  const def = findOrtBackend(bt.backend, bt.target)!;
  const inputs = readModelFile(modelPath).info.inputs.map((i) => ({ name: i.name, dtype: i.dtype! }));
  const sets = makeInputSets(inputs, shapes, 3, 42);
  const harness = await createOrtEngine().open(modelPath, bt, { options: {} });
  await harness.setInputs(sets);
  const ort = loadOrt();
  const plain = await ort.InferenceSession.create(modelPath, {
    executionProviders: def.executionProviders(0),
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  });
  const feeds = sets.map((set) => Object.fromEntries(Object.entries(set).map(([k, t]) => [k, toOrtTensor(ort, t)])));
  const w0 = performance.now();
  for (let i = 0; i < 10 || performance.now() - w0 < 500; i++) {
    await plain.run(feeds[i % feeds.length]!);
    await harness.runOnce(i);
  }
  const plainTimes: number[] = [];
  const harnessTimes: number[] = [];
  const wall = { plain: 0, plainN: 0, harness: 0, harnessN: 0 };
  for (let r = 0; r < rounds; r++) {
    const p0 = performance.now();
    for (let i = 0; performance.now() - p0 < roundMs; i++) {
      const t0 = performance.now();
      await plain.run(feeds[i % feeds.length]!);
      plainTimes.push(performance.now() - t0);
      wall.plainN++;
    }
    wall.plain += performance.now() - p0;
    const h0 = performance.now();
    const out = await sampleAdaptively((k) => harness.time(k), {
      minSamples: 1,
      maxSamples: 1e9,
      minTimeMs: roundMs,
      maxTimeMs: roundMs,
      targetRelCiHalfWidth: 0,
      batchIterations: 1,
    });
    wall.harness += performance.now() - h0;
    wall.harnessN += out.samplesMs.length;
    harnessTimes.push(...out.samplesMs);
  }
  await harness.close();
  await plain.release();
  const plainMedianMs = median(plainTimes);
  const harnessMedianMs = median(harnessTimes);
  return {
    plainMedianMs,
    harnessMedianMs,
    diff: (harnessMedianMs - plainMedianMs) / plainMedianMs,
    overheadMsPerIteration: wall.harness / wall.harnessN - wall.plain / wall.plainN,
  };
}
