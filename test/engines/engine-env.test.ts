/**
 * `--engine alias=kind:env.NAME=value`: variables for that engine's processes only (the
 * measuring child of an in-process engine, OpenCV's worker), recorded as those processes saw them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineEnv, withoutEnv } from '../../src/engines/engine-env.js';
import { createEngine, measuringProcessEnv, parseEngineInstance } from '../../src/engines/registry.js';
import { runSuite } from '../../src/run/run-suite.js';
import { CV2_PYTHON, requireCv2 } from '../helpers/cv2.js';
import { FAST_PROTOCOL, tempDir } from '../helpers/tmp.js';

describe('engine env options', () => {
  it('parses env.NAME=value beside the other options; a value may hold = and :', () => {
    const i = parseEngineInstance(
      'cv410=opencv:python=/opt/torch/.venv/bin/python3,env.PYTHONPATH=/tmp/cv2-cuda,env.LD_LIBRARY_PATH=/tmp/cv2-cuda:/usr/lib,env.X=a=b',
    );
    expect(i).toEqual({
      alias: 'cv410',
      kind: 'opencv',
      options: { python: '/opt/torch/.venv/bin/python3', 'env.PYTHONPATH': '/tmp/cv2-cuda', 'env.LD_LIBRARY_PATH': '/tmp/cv2-cuda:/usr/lib', 'env.X': 'a=b' },
    });
    expect(engineEnv(i.options)).toEqual({ PYTHONPATH: '/tmp/cv2-cuda', LD_LIBRARY_PATH: '/tmp/cv2-cuda:/usr/lib', X: 'a=b' });
    expect(withoutEnv(i.options)).toEqual({ python: '/opt/torch/.venv/bin/python3' });
  });

  it('a name that is no variable name: one line naming it and the form', () => {
    expect(() => parseEngineInstance('a=ort:env.1X=3')).toThrow(
      /^--engine a option 'env\.1X': '1X' is not an environment variable name \(letters, digits, _\): e\.g\. env\.LD_LIBRARY_PATH=\/opt\/cudnn\/lib$/,
    );
    expect(() => createEngine(parseEngineInstance('a=ort:nope=1'))).toThrow(
      /^engine ort takes module=<onnxruntime-node folder> and env\.NAME=<value>, not nope$/,
    );
  });

  it('in-process engines give them to the measuring child; OpenCV keeps them for its worker', () => {
    expect(measuringProcessEnv(parseEngineInstance('c=ort:env.LD_LIBRARY_PATH=/x'))).toEqual({ LD_LIBRARY_PATH: '/x' });
    expect(measuringProcessEnv(parseEngineInstance('m=mock:env.DNNPERF_MOCK_SEED=7'))).toEqual({ DNNPERF_MOCK_SEED: '7' });
    expect(measuringProcessEnv(parseEngineInstance('cv=opencv:env.PYTHONPATH=/x'))).toEqual({});
  });

  it('two aliases of one kind differing only in env: each measuring child got its own, and the result says so', async () => {
    const dir = tempDir();
    const run = await runSuite({
      models: ['tiny-op'],
      backends: ['mock:cpu', 'seven:cpu'],
      engines: ['seven=mock:env.DNNPERF_MOCK_SEED=7'],
      batches: [1],
      layers: false,
      outDir: join(dir, 'out'),
      cacheDir: join(dir, 'cache'),
      protocol: FAST_PROTOCOL,
    });
    const [plain, seven] = run.results.map((r) => (r.status === 'ok' ? r : undefined));
    expect(plain?.processEnv?.['DNNPERF_MOCK_SEED']).toBeUndefined();
    expect(seven?.processEnv?.['DNNPERF_MOCK_SEED']).toBe('7');
    // Another seed is another set of draws: the variable really reached that child, and only it.
    expect(seven!.samplesMs.slice(0, 5)).not.toEqual(plain!.samplesMs.slice(0, 5));
    expect(process.env['DNNPERF_MOCK_SEED']).toBeUndefined();
    expect(run.manifest.environment.engines['seven']).toMatchObject({ version: '1.0.0' });
  });
});

describe.skipIf(!requireCv2())('engine env options reach the OpenCV worker', () => {
  it('PYTHONPATH picks the cv2 the worker imports; the worker reports what it saw', async () => {
    const shadow = mkdtempSync(join(tmpdir(), 'dnnperf-shadow-'));
    writeFileSync(join(shadow, 'cv2.py'), 'raise ImportError("the shadow cv2 on PYTHONPATH")\n');
    const shadowed = createEngine(parseEngineInstance(`sh=opencv:python=${CV2_PYTHON},env.PYTHONPATH=${shadow}`));
    const plain = createEngine(parseEngineInstance(`pl=opencv:python=${CV2_PYTHON},env.DNNPERF_MARK=worker-only`));
    try {
      const probe = await shadowed.probe();
      expect(probe.every((p) => !p.available && /the shadow cv2 on PYTHONPATH/.test(p.reason ?? ''))).toBe(true);
      const info = await plain.info();
      expect(info.processEnv).toMatchObject({ DNNPERF_MARK: 'worker-only' });
      expect(info.build).toMatchObject({ env: { DNNPERF_MARK: 'worker-only' } });
      expect(process.env['DNNPERF_MARK']).toBeUndefined();
      expect(plain.devicePid?.()).toEqual(expect.any(Number));
      expect(plain.devicePid?.()).not.toBe(process.pid);
    } finally {
      await shadowed.dispose?.();
      await plain.dispose?.();
    }
  });
});
