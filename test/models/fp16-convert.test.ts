import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { BUILTIN_MODELS } from '../../src/models/builtin/registry.js';
import { convertToFp16 } from '../../src/models/fp16/convert.js';
import { isFp16Model } from '../../src/models/fp16/detect.js';
import { halfBitsToFloat } from '../../src/models/fp16/half.js';
import { decodeModel, loadModel } from '../../src/models/onnx/decode.js';
import { attr, GraphBuilder, valueInfo } from '../../src/models/onnx/graph-builder.js';
import { AttrType, DataType, type ModelProto, onnx, toNumber } from '../../src/models/onnx/proto.js';
import { feedsFor, runModel } from './builtin-helpers.js';

/** Relative L2 error and cosine similarity of `b` against the reference `a`. */
function agreement(a: Float32Array, b: Float32Array): { relL2: number; cosine: number } {
  let diff = 0;
  let aa = 0;
  let bb = 0;
  let ab = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    aa += a[i]! ** 2;
    bb += b[i]! ** 2;
    ab += a[i]! * b[i]!;
  }
  return { relL2: Math.sqrt(diff / aa), cosine: ab / Math.sqrt(aa * bb) };
}

const elemTypes = (m: ModelProto, names: string[]) => names.map((n) => m.graph!.initializer!.find((t) => t.name === n)!.dataType);

describe.each(Object.keys(BUILTIN_MODELS))('FP16 %s', (id) => {
  const model = BUILTIN_MODELS[id]!;
  const fp32 = model.build(1);
  const { bytes, report } = convertToFp16(fp32);

  it('keeps float32 IO, stores the weights in half and is recognised as FP16', () => {
    const info = loadModel(bytes);
    expect([...info.inputs, ...info.outputs].map((v) => v.dtype)).toEqual([...info.inputs, ...info.outputs].map(() => 'float32'));
    expect(report.convertedInitializers).toBeGreaterThan(0);
    expect(report.keptFp32Nodes).toEqual([]);
    expect(report.clampedValues).toBe(0);
    expect(isFp16Model(fp32)).toBe(false);
    expect(isFp16Model(bytes)).toBe(true);
  });

  it('loads in onnxruntime CPU and agrees with FP32 within FP16 tolerance', async () => {
    const feeds = feedsFor(model, 2);
    const [ref, half] = [await runModel(fp32, feeds), await runModel(bytes, feeds)];
    for (const o of model.outputs(2)) {
      expect(half[o.name]!.type).toBe('float32');
      expect(half[o.name]!.dims).toEqual(o.dims);
      const { relL2, cosine } = agreement(ref[o.name]!.data as Float32Array, half[o.name]!.data as Float32Array);
      expect(relL2, `${o.name} relative L2`).toBeLessThan(1e-2);
      expect(cosine, `${o.name} cosine`).toBeGreaterThan(0.999);
    }
  });

  it('gives the same bytes on every conversion', () => {
    // Buffer.equals: vitest's deep equality walks megabytes element by element.
    expect(Buffer.from(convertToFp16(fp32).bytes).equals(bytes)).toBe(true);
  });
});

describe('convertToFp16 details on the built-in models', () => {
  it('keeps Resize roi and scales float32, and opset-10 Clip bounds as attributes', () => {
    const det = decodeModel(convertToFp16(BUILTIN_MODELS['detector-mini']!.build(1)).bytes);
    expect(elemTypes(det, ['neck.up.roi', 'neck.up.scales'])).toEqual([DataType.FLOAT, DataType.FLOAT]);
    const mob = decodeModel(convertToFp16(BUILTIN_MODELS['mobilenetv2-mini']!.build(1)).bytes);
    const clips = mob.graph!.node!.filter((n) => n.opType === 'Clip');
    expect(clips.length).toBeGreaterThan(0);
    for (const c of clips) {
      expect(c.input).toHaveLength(1);
      expect(c.attribute!.map((a) => [a.name, a.f])).toEqual([
        ['min', 0],
        ['max', 6],
      ]);
    }
    const tr = decodeModel(convertToFp16(BUILTIN_MODELS['transformer-mini']!.build(1)).bytes);
    expect(elemTypes(tr, ['shape.heads'])).toEqual([DataType.INT64]);
  });

  it('updates value_info to float16', () => {
    const m = decodeModel(convertToFp16(BUILTIN_MODELS['resnet-mini']!.build(1)).bytes);
    const annotated = m.graph!.valueInfo!.find((v) => v.name === 'layer3.1.relu')!;
    expect(annotated.type!.tensorType!.elemType).toBe(DataType.FLOAT16);
    const internal = m.graph!.valueInfo!.find((v) => v.name === 'logits_fp16')!;
    expect(internal.type!.tensorType!.elemType).toBe(DataType.FLOAT16);
  });

  it('refuses a model that is already FP16', () => {
    const half = convertToFp16(BUILTIN_MODELS['mlp-mini']!.build(1)).bytes;
    expect(() => convertToFp16(half)).toThrow(/already float16; run it as it is/);
  });
});

/**
 * x -> Add(Constant) -> CumSum (blocked) -> Sub (kept by name) -> Mul(w) = y, with w shared
 * by Sub and Mul, y also read by Relu = z, and Cast(Shape(x), to FLOAT) = shape.
 */
function edgeGraph(): Uint8Array {
  const g = new GraphBuilder('edges', 1);
  const x = g.input('x', 'float32', ['batch', 4]);
  const w = g.floats('w', [4], [0.5, -1, 2, 0.25]);
  const c = g.node('Constant', [], { value: attr.tensor([4], [1, 2, 3, 4]) }, 'c');
  const a = g.node('Add', [x, c], {}, 'a');
  g.annotate(a, 'float32', ['batch', 4]);
  const cumsum = g.node('CumSum', [a, g.int64s('axis', [], [1])], {}, 'cumsum');
  const y = g.node('Mul', [g.node('Sub', [cumsum, w], {}, 'sub'), w], {}, 'y');
  const z = g.node('Relu', [y], {}, 'z');
  const shape = g.node('Cast', [g.node('Shape', [x], {}, 'shape_i')], { to: attr.int(DataType.FLOAT) }, 'shape');
  g.output(y, 'float32', ['batch', 4]).output(z, 'float32', ['batch', 4]).output(shape, 'float32', [2]);
  return g.toBytes();
}

describe('convertToFp16 on edge cases', () => {
  const fp32 = edgeGraph();
  const { bytes, report } = convertToFp16(fp32, { keepNodes: ['sub'], blockList: ['CumSum'] });
  const graph = decodeModel(bytes).graph!;
  const node = (name: string) => graph.node!.find((n) => n.name === name)!;
  const producer = (tensor: string) => graph.node!.find((n) => n.output!.includes(tensor))!;

  it('reports the nodes kept in float32 and the tensors converted', () => {
    expect(report.keptFp32Nodes).toEqual([
      { name: 'cumsum', opType: 'CumSum' },
      { name: 'sub', opType: 'Sub' },
    ]);
    expect(report.convertedInitializers).toBe(1); // the Constant; w is shared with a float32 node
  });

  it('puts Cast pairs around float32 nodes and reads a shared weight through a Cast', () => {
    const toOf = (n: { attribute?: Array<{ i?: unknown }> | null }) => toNumber(n.attribute![0]!.i as number);
    const cumsumIn = producer(node('cumsum').input![0]!);
    expect([cumsumIn.opType, toOf(cumsumIn)]).toEqual(['Cast', DataType.FLOAT]);
    const mulIn = node('y').input!.map(producer);
    expect(mulIn.map((n) => [n.opType, toOf(n)])).toEqual([
      ['Cast', DataType.FLOAT16],
      ['Cast', DataType.FLOAT16],
    ]);
    expect(graph.initializer!.find((t) => t.name === 'w')!.dataType).toBe(DataType.FLOAT);
    expect(graph.node![0]).toMatchObject({ opType: 'Cast', input: ['x'] });
  });

  it('turns a Cast to float into a Cast to half and casts half outputs back to float32', () => {
    expect(toNumber(node('shape').attribute![0]!.i)).toBe(DataType.FLOAT16);
    for (const out of ['y', 'z', 'shape']) {
      const p = producer(out);
      expect([p.opType, toNumber(p.attribute![0]!.i)]).toEqual(['Cast', DataType.FLOAT]);
    }
    // y is both a graph output and Relu's input: Relu reads the half tensor.
    expect(node('z').input).toEqual(['y_fp16']);
    expect(graph.valueInfo!.find((v) => v.name === 'a')!.type!.tensorType!.elemType).toBe(DataType.FLOAT16);
  });

  it('runs in onnxruntime with the same results as float32', async () => {
    const x = new ort.Tensor('float32', Float32Array.from([0.5, -1, 2, 3, 1, 1, 1, 1]), [2, 4]);
    const [ref, half] = [await runModel(fp32, { x }), await runModel(bytes, { x })];
    for (const name of ['y', 'z', 'shape']) {
      expect(half[name]!.type).toBe('float32');
      expect([...(half[name]!.data as Float32Array)]).toEqual([...(ref[name]!.data as Float32Array)]);
    }
  });

  it('clamps weights beyond the half range and counts them', () => {
    const g = new GraphBuilder('big', 1);
    const x = g.input('x', 'float32', ['batch', 3]);
    g.output(g.node('Mul', [x, g.floats('scale', [3], [1e5, -7e4, 2])], {}, 'y'), 'float32', ['batch', 3]);
    const { bytes: half, report: r } = convertToFp16(g.toBytes());
    expect(r.clampedValues).toBe(2);
    const raw = decodeModel(half).graph!.initializer![0]!.rawData!;
    const stored = [0, 1, 2].map((i) => halfBitsToFloat(raw[2 * i]! | (raw[2 * i + 1]! << 8)));
    expect(stored).toEqual([65504, -65504, 2]);
  });
});

describe('convertToFp16 with subgraphs and float32-only outputs', () => {
  it('feeds outer half tensors to an If branch through a Cast to float32', async () => {
    const g = new GraphBuilder('if', 1);
    const x = g.input('x', 'float32', [2]);
    const cond = g.input('cond', 'bool', []);
    g.floats('one', [], [1]);
    const y = g.node('Mul', [x, g.floats('w', [2], [3, 5])], {}, 'y');
    const model = decodeModel(g.output('out', 'float32', [2]).toBytes());
    const branch = (op: string) => ({
      name: op,
      node: [{ name: `${op}_node`, opType: op, input: [y, 'one'], output: [`${op}_out`] }],
      output: [valueInfo(`${op}_out`, 'float32', [2])],
    });
    const ifNode = onnx.NodeProto.fromObject({
      name: 'branch',
      opType: 'If',
      input: [cond],
      output: ['out'],
      attribute: [
        { name: 'then_branch', type: AttrType.GRAPH, g: branch('Add') },
        { name: 'else_branch', type: AttrType.GRAPH, g: branch('Sub') },
      ],
    });
    model.graph!.node!.push(ifNode);
    const fp32 = onnx.ModelProto.encode(model).finish();
    const { bytes, report } = convertToFp16(fp32);
    expect(report.keptFp32Nodes).toEqual([{ name: 'branch', opType: 'If' }]);
    const inner = decodeModel(bytes).graph!.node!.find((n) => n.opType === 'If')!.attribute![0]!.g!.node![0]!;
    expect(inner.input).toEqual(['y_fp32', 'one']);
    const feeds = { x: new ort.Tensor('float32', Float32Array.from([1, 2]), [2]), cond: new ort.Tensor('bool', [false], []) };
    expect([...((await runModel(bytes, feeds)).out!.data as Float32Array)]).toEqual([2, 9]);
  });

  it('keeps LayerNormalization Mean and InvStdDev float32', async () => {
    const g = new GraphBuilder('ln', 1);
    const x = g.input('x', 'float32', ['batch', 4]);
    const scale = g.range('scale', [4], 0.5, 1.5);
    const model = decodeModel(g.output('y', 'float32', ['batch', 4]).output('mean', 'float32', ['batch', 1]).toBytes());
    // The builder makes one output per node: this LayerNormalization also outputs its Mean.
    model.graph!.node = [
      onnx.NodeProto.fromObject({
        name: 'ln',
        opType: 'LayerNormalization',
        input: [x, scale],
        output: ['y', 'mean'],
        attribute: [{ name: 'axis', type: AttrType.INT, i: -1 }],
      }),
    ];
    const fp32 = onnx.ModelProto.encode(model).finish();
    const { bytes } = convertToFp16(fp32);
    const out = decodeModel(bytes).graph!.node!.find((n) => n.opType === 'LayerNormalization')!.output;
    expect(out).toEqual(['y_fp16', 'mean']);
    const feeds = { x: new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4, -1, 0, 1, 5]), [2, 4]) };
    const [ref, half] = [await runModel(fp32, feeds), await runModel(bytes, feeds)];
    expect(half.mean!.type).toBe('float32');
    expect(agreement(ref.y!.data as Float32Array, half.y!.data as Float32Array).relL2).toBeLessThan(1e-3);
  });
});

describe('the default block list', () => {
  it('keeps numerically sensitive ops in float32 with their float constants', () => {
    const g = new GraphBuilder('square', 1);
    const x = g.input('x', 'float32', ['batch', 3]);
    const sq = g.node('Pow', [x, g.floats('two', [], [2])], {}, 'square');
    g.output(g.node('Mul', [sq, g.floats('k', [3], [1, 2, 3])], {}, 'y'), 'float32', ['batch', 3]);
    const { bytes, report } = convertToFp16(g.toBytes());
    expect(report.keptFp32Nodes).toEqual([{ name: 'square', opType: 'Pow' }]);
    expect(elemTypes(decodeModel(bytes), ['two', 'k'])).toEqual([DataType.FLOAT, DataType.FLOAT16]);
  });
});

describe('isFp16Model', () => {
  it('recognises a model whose inputs are already float16', () => {
    const g = new GraphBuilder('half-io', 1);
    const x = g.input('x', 'float16', ['batch', 4]);
    g.output(g.node('Relu', [x], {}, 'y'), 'float16', ['batch', 4]);
    expect(isFp16Model(g.toBytes())).toBe(true);
  });
});
