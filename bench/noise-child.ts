/**
 * One process of the noise study (bench/noise-study.ts): a plain timing loop over
 * onnxruntime-node, outside the harness, with one candidate cause of per-process noise
 * changed at a time. Prints one JSON line: the median of each timed block (within-process
 * spread), a CPU speed probe (a fixed integer loop, timed), GC activity, and the machine
 * state over the sampling window (src/env/machine-state.ts).
 *
 *   node --import tsx bench/noise-child.ts '<NoiseChildSpec as JSON>'
 */
import { createRequire } from 'node:module';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { median } from 'simple-statistics';
import { loadOrt, ortPackageDir } from '../src/engines/ort/load-ort.js';
import { machineStateBetween, takeMachineSnapshot } from '../src/env/machine-state.js';
import { makeInputSets } from '../src/models/input-data.js';
import { readModelFile } from '../src/models/resolve-model.js';

export interface NoiseChildSpec {
  modelPath: string;
  shapes: Record<string, number[]>;
  /** intraOpNumThreads; undefined = onnxruntime's default (one per physical core). */
  threads?: number;
  /** session.intra_op.allow_spinning; undefined = onnxruntime's default (spinning on). */
  spinning?: boolean;
  /** Call the native binding synchronously instead of the async `session.run` (which defers by setImmediate). */
  sync?: boolean;
  /** Sessions of the same model used round-robin (layout averaged within the process). */
  sessions: number;
  /** Input sets rotated. */
  inputSets: number;
  /** Byte offset of each input's data inside a larger buffer: undefined = a fresh typed array. */
  inputOffset?: number;
  /** 'hrtime' times with process.hrtime.bigint() instead of performance.now(). */
  timer?: 'performance' | 'hrtime';
  /** Run gc() right before sampling (needs --expose-gc). */
  gcBefore?: boolean;
  warmupMs: number;
  blocks: number;
  blockMs: number;
}

export interface NoiseChildResult {
  blockMediansMs: number[];
  medianMs: number;
  samples: number;
  /** Milliseconds of a fixed integer loop, before and after sampling: the process's CPU speed. */
  speedProbeMs: [number, number];
  gcCount: number;
  gcMs: number;
  otherCores: number;
  ownCores: number;
  stealShare: number;
}

const require = createRequire(import.meta.url);

/** A fixed amount of integer work; its time tracks the CPU's speed for this process. */
function speedProbe(): number {
  const t0 = performance.now();
  let x = 1;
  for (let i = 0; i < 3_000_000; i++) x = (Math.imul(x, 1103515245) + 12345) | 0;
  if (x === 42) console.error('');
  return performance.now() - t0;
}

function placed<T extends Float32Array | BigInt64Array | Int32Array | Uint8Array | Int8Array | Uint16Array>(data: T, offset: number | undefined): T {
  if (offset === undefined) return data;
  const Ctor = data.constructor as unknown as new (b: ArrayBuffer, o: number, n: number) => T;
  const buffer = new ArrayBuffer(data.byteLength + offset + 4096);
  const view = new Ctor(buffer, offset, data.length);
  (view as unknown as { set(a: T): void }).set(data);
  return view;
}

async function main(spec: NoiseChildSpec): Promise<NoiseChildResult> {
  const ort = loadOrt();
  const info = readModelFile(spec.modelPath).info;
  const inputs = info.inputs.map((i) => ({ name: i.name, dtype: i.dtype! }));
  const sets = makeInputSets(inputs, spec.shapes, spec.inputSets, 42);
  const options = {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all' as const,
    logSeverityLevel: 3 as const,
    ...(spec.threads !== undefined ? { intraOpNumThreads: spec.threads } : {}),
    ...(spec.spinning !== undefined ? { extra: { session: { intra_op: { allow_spinning: spec.spinning ? '1' : '0' } } } } : {}),
  };
  const feeds = sets.map((set) =>
    Object.fromEntries(Object.entries(set).map(([k, t]) => [k, new ort.Tensor(t.dtype, placed(t.data, spec.inputOffset) as Float32Array, t.dims)])),
  );
  let run: (i: number) => Promise<unknown> | unknown;
  if (spec.sync) {
    const { binding, initOrt } = require(`${ortPackageDir()}/dist/binding.js`) as {
      binding: { InferenceSession: new () => NativeSession };
      initOrt: () => void;
    };
    initOrt();
    const natives = Array.from({ length: spec.sessions }, () => {
      const s = new binding.InferenceSession();
      s.loadModel(spec.modelPath, options);
      return s;
    });
    const fetches = Object.fromEntries(info.outputs.map((o) => [o.name, null]));
    run = (i) => natives[i % natives.length]!.run(feeds[i % feeds.length]!, fetches, {});
  } else {
    const sessions = await Promise.all(Array.from({ length: spec.sessions }, () => ort.InferenceSession.create(spec.modelPath, options)));
    run = (i) => sessions[i % sessions.length]!.run(feeds[i % feeds.length]!);
  }
  const now = spec.timer === 'hrtime' ? () => Number(process.hrtime.bigint()) / 1e6 : () => performance.now();
  let i = 0;
  const w0 = performance.now();
  while (i < 10 || performance.now() - w0 < spec.warmupMs) await run(i++);
  if (spec.gcBefore) (globalThis as { gc?: () => void }).gc?.();
  let gcCount = 0;
  let gcMs = 0;
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcCount++;
      gcMs += e.duration;
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const probeBefore = speedProbe();
  const before = takeMachineSnapshot();
  const blockMediansMs: number[] = [];
  let samples = 0;
  for (let b = 0; b < spec.blocks; b++) {
    const times: number[] = [];
    const b0 = performance.now();
    while (performance.now() - b0 < spec.blockMs) {
      const t0 = now();
      await run(i++);
      times.push(now() - t0);
    }
    samples += times.length;
    blockMediansMs.push(median(times));
  }
  const state = machineStateBetween(before, takeMachineSnapshot());
  const probeAfter = speedProbe();
  gcObserver.disconnect();
  return {
    blockMediansMs,
    medianMs: median(blockMediansMs),
    samples,
    speedProbeMs: [probeBefore, probeAfter],
    gcCount,
    gcMs,
    otherCores: state.otherCores ?? NaN,
    ownCores: state.ownCores,
    stealShare: state.stealShare ?? NaN,
  };
}

interface NativeSession {
  loadModel(path: string, options: object): void;
  run(feeds: object, fetches: object, options: object): unknown;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as NoiseChildSpec;
process.stdout.write(`${JSON.stringify(await main(spec))}\n`);
