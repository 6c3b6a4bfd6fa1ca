/**
 * A small fluent builder for ONNX graphs: typed inputs with symbolic dims, seeded weight
 * initializers, nodes with explicitly typed attributes, outputs and value_info, opset 17.
 * Attributes are typed by the caller (attr.int vs attr.float) because a JS number cannot say
 * which one ONNX wants, and importers such as OpenCV's reject the wrong one.
 */
import type { DType } from '../../results/schema.js';
import { createRng } from '../../stats/random.js';
import { onnxElemType } from './dtype.js';
import { uniform } from './prng.js';
import {
  AttrType,
  type IAttributeProto,
  type IGraphProto,
  type INodeProto,
  IR_VERSION,
  type ITensorProto,
  type IValueInfoProto,
  type ModelProto,
  OPSET,
  onnx,
} from './proto.js';
import { float32Bytes, int64Bytes } from './tensor-data.js';

export type Attr =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'ints'; value: number[] }
  | { kind: 'floats'; value: number[] }
  | { kind: 'string'; value: string }
  /** A float32 tensor, e.g. a Constant node's `value`. */
  | { kind: 'tensor'; dims: number[]; value: number[] }
  /** A subgraph, e.g. an If node's `then_branch` (see GraphBuilder.graph). */
  | { kind: 'graph'; value: IGraphProto };

export const attr = {
  int: (value: number): Attr => ({ kind: 'int', value }),
  float: (value: number): Attr => ({ kind: 'float', value }),
  ints: (value: number[]): Attr => ({ kind: 'ints', value }),
  floats: (value: number[]): Attr => ({ kind: 'floats', value }),
  string: (value: string): Attr => ({ kind: 'string', value }),
  tensor: (dims: number[], value: number[]): Attr => ({ kind: 'tensor', dims, value }),
  graph: (value: IGraphProto): Attr => ({ kind: 'graph', value }),
};

/** A dim is a fixed size or a symbolic name such as `batch`. */
export type Dim = number | string;

export function encodeAttribute(name: string, a: Attr): IAttributeProto {
  switch (a.kind) {
    case 'int':
      return { name, type: AttrType.INT, i: a.value };
    case 'float':
      return { name, type: AttrType.FLOAT, f: a.value };
    case 'ints':
      return { name, type: AttrType.INTS, ints: a.value };
    case 'floats':
      return { name, type: AttrType.FLOATS, floats: a.value };
    case 'string':
      return { name, type: AttrType.STRING, s: new TextEncoder().encode(a.value) };
    case 'tensor':
      return { name, type: AttrType.TENSOR, t: { dims: a.dims, dataType: onnxElemType('float32'), rawData: float32Bytes(a.value) } };
    case 'graph':
      return { name, type: AttrType.GRAPH, g: a.value };
  }
}

export function valueInfo(name: string, dtype: DType, dims: Dim[]): IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnxElemType(dtype),
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export class GraphBuilder {
  private readonly rand: () => number;
  private readonly inputs: IValueInfoProto[] = [];
  private readonly outputs: IValueInfoProto[] = [];
  private readonly annotations: IValueInfoProto[] = [];
  private readonly initializers: ITensorProto[] = [];
  private readonly nodes: INodeProto[] = [];
  private readonly names = new Set<string>();

  /** `opset`: the default ONNX opset this graph imports (17 unless a model needs an older form). */
  constructor(
    private readonly name: string,
    seed: number,
    private readonly opset: number = OPSET,
  ) {
    this.rand = createRng(seed);
  }

  input(name: string, dtype: DType, dims: Dim[]): string {
    this.claim(name);
    this.inputs.push(valueInfo(name, dtype, dims));
    return name;
  }

  /** Declares an existing tensor as a graph output. */
  output(name: string, dtype: DType, dims: Dim[]): this {
    this.outputs.push(valueInfo(name, dtype, dims));
    return this;
  }

  /** Records the type and shape of an intermediate tensor (graph.value_info). */
  annotate(name: string, dtype: DType, dims: Dim[]): this {
    this.annotations.push(valueInfo(name, dtype, dims));
    return this;
  }

  /** A float32 initializer with the given values. */
  floats(name: string, dims: number[], values: ArrayLike<number>): string {
    return this.tensor(name, 'float32', dims, float32Bytes(values));
  }

  /** An int64 initializer (shapes, axes). */
  int64s(name: string, dims: number[], values: ArrayLike<number>): string {
    return this.tensor(name, 'int64', dims, int64Bytes(values));
  }

  /** Seeded weights, uniform in [-bound, bound). */
  weight(name: string, dims: number[], bound: number): string {
    return this.floats(name, dims, uniform(this.rand, product(dims), -bound, bound));
  }

  /** Seeded weights in [lo, hi), e.g. BatchNormalization scales and variances. */
  range(name: string, dims: number[], lo: number, hi: number): string {
    return this.floats(name, dims, uniform(this.rand, product(dims), lo, hi));
  }

  /**
   * He-uniform weights for a layer whose fan-in is the product of all dims but `outAxis`:
   * activations keep their scale through ReLU stacks, well inside FP16 range.
   */
  heWeight(name: string, dims: number[], outAxis = 0): string {
    const fanIn = product(dims) / dims[outAxis]!;
    return this.weight(name, dims, Math.sqrt(6 / fanIn));
  }

  /** Adds a node with one output, named after the node, and returns that output's name. */
  node(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, name?: string): string {
    const nodeName = name ?? `${opType.toLowerCase()}_${this.nodes.length}`;
    this.claim(nodeName);
    this.nodes.push({
      name: nodeName,
      opType,
      input: inputs,
      output: [nodeName],
      attribute: Object.entries(attrs).map(([k, v]) => encodeAttribute(k, v)),
    });
    return nodeName;
  }

  /** The graph alone: a model's main graph, or a subgraph for an If or Loop node (which may use outer names). */
  graph(): IGraphProto {
    return {
      name: this.name,
      input: this.inputs,
      output: this.outputs,
      initializer: this.initializers,
      node: this.nodes,
      valueInfo: this.annotations,
    };
  }

  build(): ModelProto {
    return onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: 'dnnperf',
      opsetImport: [{ domain: '', version: this.opset }],
      graph: this.graph(),
    });
  }

  toBytes(): Uint8Array {
    return onnx.ModelProto.encode(this.build()).finish();
  }

  private tensor(name: string, dtype: DType, dims: number[], rawData: Uint8Array): string {
    this.claim(name);
    this.initializers.push({ name, dims, dataType: onnxElemType(dtype), rawData });
    return name;
  }

  private claim(name: string): void {
    if (this.names.has(name)) throw new Error(`GraphBuilder: name ${name} used twice in graph ${this.name}`);
    this.names.add(name);
  }
}

function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}
