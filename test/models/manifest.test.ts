import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertModelId, findModel, isModelId, loadManifest } from '../../src/models/manifest/index.js';
import { packageRoot } from '../../src/package-root.js';
import { loadSuite } from '../../src/suites/load-suite.js';
import { modelEntry, seededBytes } from '../helpers/http-server.js';

const manifest = loadManifest();

describe('model ids', () => {
  it.each(['resnet50-v1-7', 'squeezenet1.1-7', 'bertsquad-12-int8', 'a_b'])('accepts %s', (id) => expect(isModelId(id)).toBe(true));
  it.each(['', '.', '..', '../etc', 'a/b', 'a\\b', '/abs', 'ResNet', '.hidden', '-flag', 'a b', 'x'.repeat(129)])('rejects %j', (id) => {
    expect(isModelId(id)).toBe(false);
    expect(() => assertModelId(id)).toThrow(/invalid model id .*use lowercase letters, digits/);
  });
});

describe('the bundled manifest (models/zoo.json)', () => {
  // The seed data sits beside the repository on the project's machines only.
  const seed = join(packageRoot(), '..', 'shared', 'models', 'onnx-zoo.json');
  it.skipIf(!existsSync(seed))('holds the 40 ONNX Model Zoo entries with their real sha256 and sizes', () => {
    const zoo = JSON.parse(readFileSync(seed, 'utf8')) as { models: Array<{ id: string; sha256: string; bytes: number; urls: string[] }> };
    expect(manifest.models.map((m) => m.id)).toEqual(zoo.models.map((m) => m.id));
    for (const z of zoo.models) expect(findModel(manifest, z.id)).toMatchObject({ sha256: z.sha256, bytes: z.bytes, urls: z.urls });
  });

  it('pins ResNet-50 v1 (opset 7) to its published checksum', () => {
    expect(findModel(manifest, 'resnet50-v1-7')).toMatchObject({
      sha256: 'af16a04a6ec48ac494065d4439fe9dea590d337b9ca6dc328160ccf04a217b9c',
      bytes: 102583340,
      opset: 7,
      modelPath: 'validated/vision/classification/resnet/model/resnet50-v1-7.onnx',
    });
  });

  it('keeps symbolic dims and NHWC inputs as published', () => {
    expect(findModel(manifest, 'yolov4').inputs[0]).toEqual({ name: 'input_1:0', shape: ['unk__2104', 416, 416, 3], type: 'tensor(float)' });
    expect(findModel(manifest, 'efficientnet-lite4-11').inputs[0]?.shape).toEqual([1, 224, 224, 3]);
  });

  it('names close ids when one is unknown', () => {
    expect(() => findModel(manifest, 'resnet50')).toThrow(/unknown model id resnet50: did you mean resnet50-v1-12-int8/);
    expect(() => findModel(manifest, '../x')).toThrow(/invalid model id/);
  });
});

describe('loadManifest', () => {
  const withFile = async (content: unknown, check: (file: string) => void): Promise<void> => {
    const dir = await mkdtemp(join(tmpdir(), 'dnnperf-manifest-'));
    const file = join(dir, 'm.json');
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
    try {
      check(file);
    } finally {
      await rm(dir, { recursive: true });
    }
  };
  const entry = modelEntry('ok-1', seededBytes(10), ['http://127.0.0.1/x']);

  it('rejects an id that could leave the cache folder', () =>
    withFile({ schemaVersion: 1, models: [{ ...entry, id: '../evil' }] }, (f) =>
      expect(() => loadManifest(f)).toThrow(`${f}: does not match the model manifest schema (models.0.id: `),
    ));

  it('rejects a modelPath with .. (the mirror URL and cache name come from it)', () =>
    withFile({ schemaVersion: 1, models: [{ ...entry, modelPath: 'a/../../b.onnx' }] }, (f) =>
      expect(() => loadManifest(f)).toThrow(/does not match the model manifest schema \(models\.0\.modelPath: must be a relative path/),
    ));

  it('rejects duplicate ids and bad JSON', async () => {
    await withFile({ schemaVersion: 1, models: [entry, entry] }, (f) => expect(() => loadManifest(f)).toThrow(/duplicate id ok-1/));
    await withFile('{', (f) => expect(() => loadManifest(f)).toThrow(/m\.json: not valid JSON \(.*\): fix the file or pass another with --manifest$/));
  });
});

describe('suites', () => {
  it.each(['vision', 'text'])('%s passes the suite schema, names manifest models and gives a shape for every input', (name) => {
    const suite = loadSuite(name);
    expect(suite.name).toBe(name);
    for (const m of suite.models) {
      if (!('zoo' in m)) throw new Error('zoo models only');
      const entry = findModel(manifest, m.zoo);
      expect(Object.keys(m.shapes ?? {}).sort()).toEqual(entry.inputs.map((i) => i.name).sort());
      for (const input of entry.inputs) {
        const shape = m.shapes![input.name]!;
        expect(shape).toHaveLength(input.shape.length);
        // Fixed dims must match the model; null (the batch) only where the model has a symbolic dim.
        input.shape.forEach((d, k) => expect(typeof d === 'number' ? shape[k] === d : shape[k] === null || typeof shape[k] === 'number').toBe(true));
        if (input.shape[0] === 1) expect(m.batches ?? suite.batches).toEqual([1]);
      }
    }
  });

  it('cover the models the issue names', () => {
    expect(loadSuite('vision').models.map((m) => ('zoo' in m ? m.zoo : ''))).toEqual([
      'resnet50-v1-7',
      'mobilenetv2-12',
      'squeezenet1.1-7',
      'efficientnet-lite4-11',
      'tinyyolov2-8',
      'yolov4',
      'super-resolution-10',
    ]);
    expect(loadSuite('text').models.map((m) => ('zoo' in m ? m.zoo : ''))).toEqual(['bertsquad-12']);
  });
});
