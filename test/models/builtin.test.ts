import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_MODELS } from '../../src/models/builtin/registry.js';
import { writeBuiltinModel } from '../../src/models/builtin/write.js';
import { decodeModel, loadModel } from '../../src/models/onnx/decode.js';
import { toNumber } from '../../src/models/onnx/proto.js';
import { feedsFor, runModel } from './builtin-helpers.js';

const ids = Object.keys(BUILTIN_MODELS);

describe.each(ids)('built-in %s', (id) => {
  const model = BUILTIN_MODELS[id]!;
  const bytes = model.build(1);

  it('declares a dynamic batch dim named batch on every input and output', () => {
    const info = loadModel(bytes);
    expect(info.inputs.map((i) => ({ name: i.name, dtype: i.dtype, dims: i.dims }))).toEqual(model.inputs);
    for (const o of info.outputs) expect(o.dims[0]).toBe('batch');
    expect(info.outputs.map((o) => o.name)).toEqual(model.outputs(1).map((o) => o.name));
  });

  it('spells out the attributes OpenCV 4.6 needs on Conv, MaxPool and Gemm', () => {
    const required: Record<string, string[]> = {
      Conv: ['kernel_shape', 'strides', 'pads', 'dilations', 'group'],
      MaxPool: ['kernel_shape', 'strides', 'pads'],
      Gemm: ['transA', 'transB', 'alpha', 'beta'],
    };
    for (const node of decodeModel(bytes).graph!.node!) {
      const names = (node.attribute ?? []).map((a) => a.name);
      for (const name of required[node.opType!] ?? []) expect(names, `${node.name} ${name}`).toContain(name);
    }
  });

  it.each([1, 8])('runs in onnxruntime at batch %i with the declared output shapes', async (batch) => {
    const outputs = await runModel(bytes, feedsFor(model, batch));
    for (const o of model.outputs(batch)) {
      const t = outputs[o.name]!;
      expect(t.type).toBe('float32');
      expect(t.dims).toEqual(o.dims);
      expect((t.data as Float32Array).every(Number.isFinite)).toBe(true);
    }
  });

  it('builds the same bytes and outputs for the same seed, other bytes for another', async () => {
    const again = model.build(1);
    expect(createHash('sha256').update(again).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(Buffer.from(model.build(2)).equals(bytes)).toBe(false);
    const feeds = feedsFor(model, 1);
    const [a, b] = [await runModel(bytes, feeds), await runModel(again, feeds)];
    const bytesOf = (t: (typeof a)[string]) => Buffer.from((t!.data as Float32Array).buffer);
    for (const o of model.outputs(1)) expect(bytesOf(a[o.name]).equals(bytesOf(b[o.name]))).toBe(true);
  });
});

describe('writeBuiltinModel', () => {
  let dir = '';
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('writes <dir>/<id>.onnx with the same bytes and sha256 every time', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'dnnperf-builtin-'));
    const first = await writeBuiltinModel('mlp-mini', dir);
    expect(first.path).toBe(path.join(dir, 'mlp-mini.onnx'));
    const bytes = await readFile(first.path);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(first.sha256);
    expect(await writeBuiltinModel('mlp-mini', dir)).toEqual(first);
    expect(toNumber(decodeModel(bytes).opsetImport[0]!.version)).toBe(17);
  });

  it('names the known ids for an unknown one', async () => {
    await expect(writeBuiltinModel('resnet-huge', os.tmpdir())).rejects.toThrow(/no built-in model resnet-huge; use one of resnet-mini/);
  });
});
