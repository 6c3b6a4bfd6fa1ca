/**
 * The OpenCV engine against a real cv2 (Debian's python3-opencv in CI). One file, one shared
 * engine: each worker start imports cv2, which takes seconds on a loaded machine.
 */
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBackendSpec } from '../../src/engines/backend-spec.js';
import type { BackendTarget, Engine } from '../../src/engines/engine.js';
import { builtWith } from '../../src/engines/opencv/build-info.js';
import { OPENCV_ONNX_OP_SUPPORT } from '../../src/engines/opencv/onnx-op-support.js';
import { createOpenCvEngine } from '../../src/engines/opencv/opencv-engine.js';
import { isDnnperfError } from '../../src/errors.js';
import { executionSchema, layerProfileSchema } from '../../src/results/schema.js';
import type { TensorMap } from '../../src/tensors.js';
import { CV2_PYTHON, hasCv2Mat, pythonWithoutCv2, requireCv2, type TinyModels, workerPids, writeTinyModels } from '../helpers/cv2.js';

const CPU: BackendTarget = { engine: 'opencv', backend: 'opencv', target: 'cpu', spec: 'opencv:opencv/cpu' };

function inputSet(batch: number, phase: number): TensorMap {
  const data = new Float32Array(batch * 3 * 8 * 8).map((_, i) => Math.sin(i * 0.37 + phase));
  return { x: { dtype: 'float32', dims: [batch, 3, 8, 8], data } };
}

async function ortReference(model: string, set: TensorMap): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(model);
  const x = set.x!;
  const out = await s.run({ x: new ort.Tensor('float32', x.data as Float32Array, x.dims) });
  return out.y!.data as Float32Array;
}

describe.skipIf(!requireCv2())('opencv engine', () => {
  let models: TinyModels;
  let engine: Engine;
  beforeAll(() => {
    models = writeTinyModels();
    engine = createOpenCvEngine({ python: CV2_PYTHON });
  });
  afterAll(() => engine.dispose?.());

  it('reports its version, build and python', async () => {
    const info = await engine.info();
    expect(info.name).toBe('opencv');
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.build).toMatchObject({ python: expect.any(String), parallelFramework: expect.any(String), cuda: expect.any(String) });
  });

  it('probes: opencv/cpu available; a CUDA pair unavailable here says why', async () => {
    const probe = await engine.probe();
    expect(probe.map((p) => p.spec)).toEqual([
      'opencv:opencv/cpu',
      'opencv:opencv/opencl',
      'opencv:opencv/opencl_fp16',
      'opencv:cuda/cuda',
      'opencv:cuda/cuda_fp16',
      'opencv:openvino/cpu',
    ]);
    expect(probe[0]).toEqual({ spec: 'opencv:opencv/cpu', available: true });
    const cuda = probe[4]!;
    if (cuda.available) expect(builtWith(String((await engine.info()).build?.['cuda'])), 'CUDA pair available: the build says CUDA').toBe(true);
    else expect(cuda.reason).toMatch(/^OpenCV \S+ (built without CUDA|has CUDA .* but) .*getAvailableTargets\(DNN_BACKEND_CUDA\)/);
  });

  it('never measures an unavailable pair: open rejects with the reason', async (ctx) => {
    const unavailable = (await engine.probe()).filter((p) => !p.available);
    if (unavailable.length === 0) ctx.skip('every OpenCV backend/target is available here: no unavailable pair to open');
    for (const p of unavailable) {
      await expect(engine.open(models.good, parseBackendSpec(p.spec), { options: {} })).rejects.toThrow(`${p.spec} is unavailable: ${p.reason}`);
    }
  });

  it('opens, runs and times a tiny model; outputs match onnxruntime', async () => {
    const s = await engine.open(models.good, CPU, { options: { threads: 1 } });
    expect(s.createMs).toBeGreaterThan(0);
    expect(s.inputs).toEqual([{ name: 'x', dtype: 'float32', dims: ['batch', 3, 8, 8] }]);
    expect(s.outputs).toEqual([{ name: 'y', dtype: 'float32', dims: ['batch', 4, 1, 1] }]);
    const sets = [inputSet(2, 0), inputSet(2, 1)];
    await s.setInputs(sets);
    const first = await s.runOnce(0);
    const y = first.outputs.y!;
    expect(y.dims).toEqual([2, 4, 1, 1]);
    const ref = await ortReference(models.good, sets[0]!);
    (y.data as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(ref[i]!, 5));
    // Input sets rotate: set 1 gives other numbers.
    expect((await s.runOnce(1)).outputs.y!.data).not.toEqual(y.data);
    const samples = await s.time(20);
    expect(samples).toHaveLength(20);
    expect(samples.every((ms) => ms > 0 && ms < 1000)).toBe(true);
    const ex = executionSchema.parse(s.execution());
    expect(ex).toEqual({ requested: 'opencv:opencv/cpu', actual: 'opencv:opencv/cpu', fallback: false, notes: [] });
    await s.close();
  });

  it('profiles per layer in a net of its own', async () => {
    const p = await engine.profileLayers!(models.good, CPU, { options: {} }, [inputSet(1, 0)], 5);
    // The engine leaves endToEndMedianMs to run-one (the measure pass's median): every other field is the schema's.
    expect(layerProfileSchema.omit({ endToEndMedianMs: true }).strict().parse(p)).toEqual(p);
    expect(p).not.toHaveProperty('endToEndMedianMs');
    expect(p!.runs).toBe(5);
    expect(p!.nodes.find((n) => n.name === 'conv')).toMatchObject({ opType: 'Convolution', provider: 'opencv/cpu', inputShapes: [[1, 3, 8, 8]] });
    expect(p!.nodes.find((n) => n.name === 'conv')!.medianMs).toBeGreaterThan(0);
    // OpenCV fuses the Relu into the Conv: 0 ms, and said so.
    expect(p!.nodes.find((n) => n.name === 'relu')!.medianMs).toBe(0);
    expect(p!.notes).toContain('1 layer(s) at 0 ms were fused into a neighbour by OpenCV: relu');
  });

  it('runs two engine instances at once, each with a worker of its own, the second under an alias', async () => {
    const other = createOpenCvEngine({ python: CV2_PYTHON });
    const aliased: BackendTarget = { ...CPU, engine: 'cv46', spec: 'cv46:opencv/cpu' };
    try {
      const before = workerPids();
      const [a, b] = await Promise.all([engine.open(models.good, CPU, { options: {} }), other.open(models.good, aliased, { options: {} })]);
      expect(workerPids().length).toBe(before.length + 1);
      await Promise.all([a.setInputs([inputSet(1, 0)]), b.setInputs([inputSet(1, 0)])]);
      const [ta, tb] = await Promise.all([a.time(10), b.time(10)]);
      expect([ta.length, tb.length]).toEqual([10, 10]);
      expect((await a.runOnce(0)).outputs.y!.data).toEqual((await b.runOnce(0)).outputs.y!.data);
      expect(b.execution()).toMatchObject({ requested: 'cv46:opencv/cpu', actual: 'cv46:opencv/cpu', fallback: false });
    } finally {
      await other.dispose!();
    }
  });
});

describe.skipIf(!CV2_PYTHON)('opencv engine: bad input, one clear line each', () => {
  let models: TinyModels;
  beforeAll(() => {
    models = writeTinyModels();
  });

  it('a python executable that does not exist', async () => {
    const engine = createOpenCvEngine({ python: '/nonexistent/python3' });
    const why =
      "python executable '/nonexistent/python3' not found: set DNNPERF_PYTHON=<python with cv2>, or declare one as an engine: --engine cv=opencv:python=<python with cv2> --backend cv:opencv/cpu";
    expect((await engine.probe()).every((p) => !p.available && p.reason === why)).toBe(true);
    await expect(engine.info()).rejects.toThrow(why);
    await expect(engine.open(models.good, CPU, { options: {} })).rejects.toThrow(`opencv:opencv/cpu is unavailable: ${why}`);
  });

  it('a python without cv2', async () => {
    const python = pythonWithoutCv2(models.dir);
    const engine = createOpenCvEngine({ python });
    const e = await engine.info().catch((x: unknown) => x);
    expect(isDnnperfError(e) && e.code).toBe('E_ENGINE');
    expect((e as Error).message).toMatch(
      new RegExp(
        `^${python} cannot import cv2 \\(ModuleNotFoundError: No module named '(cv2|numpy)'\\): install python3-opencv \\(Debian\\) or pip's opencv-python-headless for it, or set DNNPERF_PYTHON=<python with cv2>, or declare one as an engine: --engine cv=opencv:python=<python with cv2> --backend cv:opencv/cpu$`,
      ),
    );
  });

  it('an op this OpenCV has no layer for: the op, the node, the version, and the measured newer versions that import it', async () => {
    const engine = createOpenCvEngine({ python: CV2_PYTHON });
    try {
      const version = (await engine.info()).version;
      const known = OPENCV_ONNX_OP_SUPPORT.versions[version];
      const opened = engine.open(models.hardmax, CPU, { options: {} });
      if (known && !known.unknown.includes('Hardmax')) {
        await expect(opened.then((s) => s.close())).resolves.toBeUndefined();
        return;
      }
      const e = await opened.catch((x: unknown) => x);
      expect(isDnnperfError(e) && e.code).toBe('E_ENGINE');
      expect((e as Error).message).toMatch(
        new RegExp(
          `^OpenCV ${version.replace(/\./g, '\\.')}'s ONNX importer has no layer for op Hardmax \\(node hm\\), so it cannot import hardmax\\.onnx: .*ort:cpu`,
        ),
      );
    } finally {
      await engine.dispose!();
    }
  });

  it("a model OpenCV's importer rejects (Conv without kernel_shape), and the worker goes on", async () => {
    const engine = createOpenCvEngine({ python: CV2_PYTHON });
    try {
      const e = await engine.open(models.noKernelShape, CPU, { options: {} }).catch((x: unknown) => x);
      expect(isDnnperfError(e) && e.code).toBe('E_ENGINE');
      expect((e as Error).message).toMatch(/^OpenCV \S+ cannot import conv-no-kernel-shape\.onnx: .*(kernel_size|kernel_shape)/);
      expect((e as Error).message).not.toContain('\n');
      const s = await engine.open(models.good, CPU, { options: {} });
      await s.setInputs([inputSet(1, 0)]);
      expect((await s.runOnce(0)).outputs.y!.dims).toEqual([1, 4, 1, 1]);

      // A forward that fails: one line naming the layer, from what OpenCV logged before raising
      // (5 channels into a Conv whose weights expect 3).
      const bad = await engine.open(models.good, CPU, { options: {} });
      await bad.setInputs([{ x: { dtype: 'float32', dims: [1, 5, 8, 8], data: new Float32Array(320).fill(1) } }]);
      await expect(bad.runOnce(0)).rejects.toThrow(/^OpenCV \d+\.\d+\.\d+ forward failed in layer onnx_node!conv \(Convolution\): [^\n]+$/);

      // A 3-D input: cv2's binding would read it as a 2-D image with 8 channels (the net would get [1, 4]);
      // without cv2.Mat(wrap_channels=False) the worker refuses with one line instead of feeding the wrong shape.
      const mm = await engine.open(models.matmul3d, CPU, { options: {} });
      const x3 = { x: { dtype: 'float32' as const, dims: [1, 4, 8], data: new Float32Array(32).fill(1) } };
      if (!hasCv2Mat()) {
        await expect(mm.setInputs([x3])).rejects.toThrow(
          /^OpenCV \S+'s Python binding reads the 3-D input 'x' \[1, 4, 8\] as a 2-D image with 8 channels, so the net would get shape \[1, 4\]: [^\n]+$/,
        );
      } else {
        await mm.setInputs([x3]);
        expect(Object.values((await mm.runOnce(0)).outputs)[0]?.dims).toEqual([1, 4, 8]);
      }

      // A worker killed mid-run: the pending call rejects saying so, no hang; the engine starts a new one.
      const before = new Set(workerPids());
      const pending = s.time(50_000_000);
      const [pid] = workerPids();
      expect(before.has(pid!)).toBe(true);
      process.kill(pid!, 'SIGKILL');
      await expect(pending).rejects.toThrow(/^OpenCV worker \(.+, pid \d+\) was killed by SIGKILL during 'time'(; its last stderr line: .*)?$/);
      await expect(s.runOnce(0)).rejects.toThrow(/was killed by SIGKILL/);
      expect((await engine.probe())[0]!.available).toBe(true);
    } finally {
      await engine.dispose!();
    }
  });
});
