import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeInputSets } from '../../src/models/input-data.js';
import { attr, GraphBuilder } from '../../src/models/onnx/graph-builder.js';
import { DataType } from '../../src/models/onnx/proto.js';
import { DTYPES } from '../../src/results/schema.js';
import { runSuite } from '../../src/run/run-suite.js';
import { FAST_PROTOCOL, tempDir } from '../helpers/tmp.js';

describe('makeInputSets', () => {
  const inputs = DTYPES.map((dtype) => ({ name: `x_${dtype}`, dtype }));
  const shapes = Object.fromEntries(inputs.map((i) => [i.name, [2, 3]]));
  const sets = makeInputSets(inputs, shapes, 3, 7);

  it('builds every dtype with the right typed array and shape', () => {
    const kinds = Object.fromEntries(Object.entries(sets[0]!).map(([k, t]) => [k, [t.data.constructor.name, t.dims, t.data.length]]));
    expect(kinds).toEqual({
      x_float32: ['Float32Array', [2, 3], 6],
      x_float16: ['Uint16Array', [2, 3], 6],
      x_int64: ['BigInt64Array', [2, 3], 6],
      x_int32: ['Int32Array', [2, 3], 6],
      x_int8: ['Int8Array', [2, 3], 6],
      x_uint8: ['Uint8Array', [2, 3], 6],
      x_bool: ['Uint8Array', [2, 3], 6],
    });
  });

  it('is seeded: same seed same data, different sets differ', () => {
    const again = makeInputSets(inputs, shapes, 3, 7);
    expect(again[1]!['x_float32']!.data).toEqual(sets[1]!['x_float32']!.data);
    expect(sets[0]!['x_float32']!.data).not.toEqual(sets[1]!['x_float32']!.data);
  });

  it('keeps values in range: floats in [-1, 1), ints small and non-negative, bools 0/1', () => {
    for (const v of sets[0]!['x_float32']!.data as Float32Array) expect(v >= -1 && v < 1).toBe(true);
    for (const v of sets[0]!['x_int64']!.data as BigInt64Array) expect(v === 0n || v === 1n).toBe(true);
    for (const v of sets[0]!['x_bool']!.data as Uint8Array) expect(v === 0 || v === 1).toBe(true);
  });
});

describe('any model: every input dtype and symbolic dims, end to end on onnxruntime', () => {
  it('runs a model with seven inputs of seven dtypes and a symbolic sequence dim', async () => {
    const g = new GraphBuilder('all-dtypes', 1);
    for (const dtype of DTYPES) {
      const x = g.input(`x_${dtype}`, dtype, ['batch', 'seq']);
      const y = g.node('Cast', [x], { to: attr.int(DataType.FLOAT) }, `cast_${dtype}`);
      g.output(y, 'float32', ['batch', 'seq']);
    }
    const dir = tempDir();
    const model = join(dir, 'all-dtypes.onnx');
    writeFileSync(model, g.toBytes());
    const shapes = Object.fromEntries(DTYPES.map((d) => [`x_${d}`, [null, 5]]));
    const run = await runSuite({
      models: [model],
      shapes,
      batches: [2],
      outDir: join(dir, 'out'),
      cacheDir: join(dir, 'cache'),
      protocol: FAST_PROTOCOL,
      layers: false,
    });
    const r = run.results[0]!;
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.config.shapes['x_int64']).toEqual([2, 5]);
    expect(r.outputs.map((o) => [o.name, o.shape])).toEqual(DTYPES.map((d) => [`cast_${d}`, [2, 5]]));
  });
});
