/**
 * Element types of every tensor in a graph, without running ONNX shape inference: declared
 * types (inputs, initializers, value_info, outputs) first, then a small per-op rule table
 * walking the nodes in their (topological) order. Most ops output their first input's type;
 * the table lists the ones that do not. A type it cannot tell is left out (UNDEFINED), and
 * the converter then leaves that tensor alone.
 */
import { DataType, type IGraphProto, type INodeProto, toNumber } from '../onnx/proto.js';

const INT64_OUTPUT = new Set(['Shape', 'Size', 'NonZero', 'ArgMax', 'ArgMin']);
const BOOL_OUTPUT = new Set(['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'Not', 'And', 'Or', 'Xor', 'IsNaN', 'IsInf']);
/** Ops whose outputs after the first are indices (int64): MaxPool's Indices, TopK's, Unique's. */
const INDEX_OUTPUTS = new Set(['MaxPool', 'TopK', 'Unique']);
/** Ops whose output type comes from a given input, not the first. */
const TYPE_FROM_INPUT: Record<string, number> = { Where: 1, OneHot: 2, CastLike: 1 };

export function inferElemTypes(graph: IGraphProto): Map<string, number> {
  const types = new Map<string, number>();
  for (const t of graph.initializer ?? []) types.set(t.name ?? '', t.dataType ?? 0);
  for (const v of [...(graph.input ?? []), ...(graph.valueInfo ?? []), ...(graph.output ?? [])]) {
    const elemType = v.type?.tensorType?.elemType;
    if (elemType) types.set(v.name ?? '', elemType);
  }
  for (const node of graph.node ?? []) {
    const outputs = node.output ?? [];
    outputs.forEach((name, i) => {
      if (!name || types.has(name)) return;
      const t = outputType(node, i, types);
      if (t) types.set(name, t);
    });
  }
  return types;
}

function outputType(node: INodeProto, index: number, types: Map<string, number>): number | undefined {
  const op = node.opType ?? '';
  const inputs = node.input ?? [];
  if (INT64_OUTPUT.has(op) || (index > 0 && INDEX_OUTPUTS.has(op))) return DataType.INT64;
  if (BOOL_OUTPUT.has(op)) return DataType.BOOL;
  if (op === 'Cast') return toNumber(intAttr(node, 'to'));
  if (op === 'Constant' || op === 'ConstantOfShape') return constantType(node);
  const from = TYPE_FROM_INPUT[op] ?? inputs.findIndex((n) => n !== '');
  return from >= 0 ? types.get(inputs[from] ?? '') : undefined;
}

function constantType(node: INodeProto): number {
  for (const a of node.attribute ?? []) {
    if (a.name === 'value') return a.t?.dataType ?? 0;
    if (a.name === 'value_float' || a.name === 'value_floats') return DataType.FLOAT;
    if (a.name === 'value_int' || a.name === 'value_ints') return DataType.INT64;
    if (a.name === 'value_string' || a.name === 'value_strings') return DataType.STRING;
  }
  // ConstantOfShape without a value fills float32 zeros.
  return DataType.FLOAT;
}

function intAttr(node: INodeProto, name: string) {
  return node.attribute?.find((a) => a.name === name)?.i;
}
