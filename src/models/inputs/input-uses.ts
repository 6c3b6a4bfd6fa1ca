/**
 * Which graph inputs most likely need real values rather than random ones: found by walking
 * the graph (subgraphs of If and Loop included) forward from each input to where its values
 * decide something: an If or Loop condition, a shape computation (Reshape's shape, Slice's
 * bounds, Range...), or an index into a table (Gather on an embedding). Integer scalars are
 * listed too. Data that only passes through Shape or Size stops counting: there only the
 * input's shape matters, and that is set with --shape.
 */

import { dtypeOf } from '../onnx/dtype.js';
import { type IGraphProto, type INodeProto, type ModelProto, toNumber } from '../onnx/proto.js';

export interface InputNeed {
  input: string;
  /** Why, for the hint: `int64 scalar; feeds an If condition`. */
  why: string;
  /** A spec that fits, or `<value>`: `int:0..30521`. */
  example: string;
}

/** Operand slots whose values decide control flow. */
const CONTROL: Record<string, Record<number, string>> = {
  If: { 0: 'an If condition' },
  Loop: { 0: "a Loop's trip count", 1: "a Loop's condition" },
};
/** Operand slots whose values are shapes, sizes, axes or bounds. */
const SHAPE: Record<string, number[]> = {
  Reshape: [1],
  Expand: [1],
  Tile: [1],
  ConstantOfShape: [0],
  Range: [0, 1, 2],
  Slice: [1, 2, 3, 4],
  TopK: [1],
  OneHot: [1],
  Resize: [1, 2, 3],
  Upsample: [1],
  Pad: [1, 2],
  Squeeze: [1],
  Unsqueeze: [1],
  Split: [1],
  CumSum: [1],
  NonMaxSuppression: [2, 3, 4],
};
/** Operand slots that index into their data operand (slot 0). */
const INDEX: Record<string, number> = { Gather: 1, GatherElements: 1, GatherND: 1, ScatterElements: 1, ScatterND: 1 };
/** Ops whose outputs depend on the input's shape only. */
const SHAPE_ONLY = new Set(['Shape', 'Size']);

interface Use {
  node: INodeProto;
  slot: number;
}

/** Every node of the graph and its subgraphs; a subgraph's outputs flow into its parent node. */
function collect(graph: IGraphProto, uses: Map<string, Use[]>, tables: Map<string, number[]>): void {
  const add = (name: string, use: Use) => void uses.set(name, [...(uses.get(name) ?? []), use]);
  for (const t of graph.initializer ?? [])
    tables.set(
      t.name ?? '',
      (t.dims ?? []).map((d) => toNumber(d)),
    );
  for (const node of graph.node ?? []) {
    (node.input ?? []).forEach((name, slot) => name && add(name, { node, slot }));
    for (const a of node.attribute ?? []) {
      for (const sub of [...(a.g ? [a.g] : []), ...(a.graphs ?? [])]) {
        collect(sub, uses, tables);
        for (const out of sub.output ?? []) add(out.name ?? '', { node, slot: -1 });
      }
    }
  }
}

function indexExample(node: INodeProto, tables: Map<string, number[]>): { why: string; example: string } {
  const dims = tables.get(node.input?.[0] ?? '');
  const axisAttr = node.attribute?.find((a) => a.name === 'axis');
  const axis = axisAttr ? toNumber(axisAttr.i) : 0;
  const size = dims ? dims[axis < 0 ? dims.length + axis : axis] : undefined;
  return size !== undefined && size > 0
    ? { why: `indexes a ${size}-entry table (${node.opType})`, example: `int:0..${size - 1}` }
    : { why: `indexes into ${node.opType}`, example: 'int:0..<size-1>' };
}

export function inputsNeedingValues(model: ModelProto): InputNeed[] {
  const graph = model.graph!;
  const uses = new Map<string, Use[]>();
  const tables = new Map<string, number[]>();
  collect(graph, uses, tables);
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
  const needs: InputNeed[] = [];
  for (const input of graph.input ?? []) {
    const name = input.name ?? '';
    if (initializers.has(name)) continue;
    const tensor = input.type?.tensorType;
    const dtype = dtypeOf(tensor?.elemType ?? 0);
    const dims = tensor?.shape?.dim ?? [];
    const scalar = dtype !== undefined && /int/.test(dtype) && dims.every((d) => toNumber(d.dimValue) === 1);
    let control: string | undefined;
    let shape: string | undefined;
    let index: { why: string; example: string } | undefined;
    const seen = new Set([name]);
    const queue = [name];
    while (queue.length > 0) {
      for (const { node, slot } of uses.get(queue.shift()!) ?? []) {
        const op = node.opType ?? '';
        control ??= CONTROL[op]?.[slot];
        if (SHAPE[op]?.includes(slot)) shape ??= `${op} operand ${slot}`;
        if (INDEX[op] === slot) index ??= indexExample(node, tables);
        if (SHAPE_ONLY.has(op)) continue;
        for (const out of node.output ?? []) {
          if (out && !seen.has(out)) {
            seen.add(out);
            queue.push(out);
          }
        }
      }
    }
    const whys = [scalar ? `${dtype} scalar` : undefined, control && `feeds ${control}`, shape && `feeds a shape computation (${shape})`, index?.why].filter(
      Boolean,
    );
    if (whys.length === 0) continue;
    needs.push({ input: name, why: whys.join('; '), example: control || shape || scalar ? '<value>' : index!.example });
  }
  // Control flow first: it is what a random value breaks most surely.
  return needs.sort((a, b) => Number(/If|Loop/.test(b.why)) - Number(/If|Loop/.test(a.why)));
}
