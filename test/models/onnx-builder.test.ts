import { describe, expect, it } from 'vitest';
import { decodeModel, loadModel } from '../../src/models/onnx/decode.js';
import { attr, encodeAttribute, GraphBuilder } from '../../src/models/onnx/graph-builder.js';
import { AttrType, DataType, toNumber } from '../../src/models/onnx/proto.js';
import { readFloat32 } from '../../src/models/onnx/tensor-data.js';
import { createRng } from '../../src/stats/random.js';

function tinyGraph(seed: number): Uint8Array {
  const g = new GraphBuilder('t', seed);
  const x = g.input('x', 'float32', ['batch', 2, 4, 4]);
  const w = g.heWeight('w', [3, 2, 3, 3]);
  const y = g.node(
    'Conv',
    [x, w],
    {
      kernel_shape: attr.ints([3, 3]),
      strides: attr.ints([1, 1]),
      pads: attr.ints([1, 1, 1, 1]),
      dilations: attr.ints([1, 1]),
      group: attr.int(1),
    },
    'conv',
  );
  g.annotate(y, 'float32', ['batch', 3, 4, 4]);
  const z = g.node('LeakyRelu', [y], { alpha: attr.float(0.25) }, 'act');
  g.output(z, 'float32', ['batch', 3, 4, 4]);
  return g.toBytes();
}

describe('encodeAttribute', () => {
  it('writes each kind into its own typed field', () => {
    expect(encodeAttribute('g', attr.int(4))).toEqual({ name: 'g', type: AttrType.INT, i: 4 });
    expect(encodeAttribute('a', attr.float(0.5))).toEqual({ name: 'a', type: AttrType.FLOAT, f: 0.5 });
    expect(encodeAttribute('k', attr.ints([3, 3]))).toEqual({ name: 'k', type: AttrType.INTS, ints: [3, 3] });
    expect(encodeAttribute('s', attr.floats([1, 2]))).toEqual({ name: 's', type: AttrType.FLOATS, floats: [1, 2] });
    const s = encodeAttribute('mode', attr.string('nearest'));
    expect(s.type).toBe(AttrType.STRING);
    expect(new TextDecoder().decode(s.s!)).toBe('nearest');
    const t = encodeAttribute('value', attr.tensor([2], [1.5, -2]));
    expect(t.type).toBe(AttrType.TENSOR);
    expect([t.t!.dataType, t.t!.dims, [...readFloat32(t.t!.rawData!)]]).toEqual([DataType.FLOAT, [2], [1.5, -2]]);
  });
});

describe('GraphBuilder', () => {
  it('round-trips a graph through protobuf with opset 17, symbolic dims and typed attributes', () => {
    const model = decodeModel(tinyGraph(7));
    expect(toNumber(model.irVersion)).toBe(8);
    expect(model.opsetImport.map((o) => [o.domain, toNumber(o.version)])).toEqual([['', 17]]);
    const graph = model.graph!;
    const conv = graph.node!.find((n) => n.opType === 'Conv')!;
    const attrs = Object.fromEntries(conv.attribute!.map((a) => [a.name, a]));
    expect(attrs.kernel_shape!.type).toBe(AttrType.INTS);
    expect(attrs.kernel_shape!.ints!.map(toNumber)).toEqual([3, 3]);
    expect(attrs.pads!.ints!.map(toNumber)).toEqual([1, 1, 1, 1]);
    expect(attrs.group!.type).toBe(AttrType.INT);
    expect(toNumber(attrs.group!.i)).toBe(1);
    const alpha = graph.node!.find((n) => n.opType === 'LeakyRelu')!.attribute![0]!;
    expect(alpha.type).toBe(AttrType.FLOAT);
    expect(alpha.f).toBeCloseTo(0.25, 7);
    expect(graph.valueInfo!.map((v) => v.name)).toEqual(['conv']);

    const info = loadModel(tinyGraph(7));
    expect(info.inputs).toEqual([{ name: 'x', elemType: DataType.FLOAT, elemTypeName: 'FLOAT', dtype: 'float32', dims: ['batch', 2, 4, 4] }]);
    expect(info.outputs[0]!.dims).toEqual(['batch', 3, 4, 4]);
    expect(info.initializers).toEqual([{ name: 'w', elemType: DataType.FLOAT, dims: [3, 2, 3, 3] }]);
    expect(info.nodes.map((n) => [n.name, n.opType, n.inputs, n.outputs])).toEqual([
      ['conv', 'Conv', ['x', 'w'], ['conv']],
      ['act', 'LeakyRelu', ['conv'], ['act']],
    ]);
  });

  it('stores He-uniform weights as little-endian raw data, the same for the same seed', () => {
    const weights = (seed: number) => readFloat32(decodeModel(tinyGraph(seed)).graph!.initializer![0]!.rawData!);
    const w = weights(7);
    expect(w.length).toBe(54);
    const bound = Math.sqrt(6 / 18);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(weights(7)).toEqual(w);
    expect(weights(8)).not.toEqual(w);
    expect(tinyGraph(7)).toEqual(tinyGraph(7));
  });

  it('refuses a name used twice', () => {
    const g = new GraphBuilder('t', 1);
    g.input('x', 'float32', [1]);
    expect(() => g.floats('x', [1], [0])).toThrow(/x used twice/);
  });
});

describe('createRng (weights PRNG)', () => {
  it('is a fixed sequence in [0, 1) for a seed', () => {
    const r = createRng(42);
    const a = [r(), r(), r()];
    const s = createRng(42);
    expect([s(), s(), s()]).toEqual(a);
    for (const v of a) expect(v >= 0 && v < 1).toBe(true);
  });
});
