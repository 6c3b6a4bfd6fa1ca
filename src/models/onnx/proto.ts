/**
 * The one place that imports onnx-proto. It is a CommonJS bundle of protobufjs static code
 * (ONNX 1.10.2, IR version 8): under NodeNext it only comes in as a default import.
 */
import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;
export type ModelProto = onnxProto.onnx.ModelProto;
export type GraphProto = onnxProto.onnx.GraphProto;
export type NodeProto = onnxProto.onnx.NodeProto;
export type TensorProto = onnxProto.onnx.TensorProto;
export type ValueInfoProto = onnxProto.onnx.ValueInfoProto;
export type AttributeProto = onnxProto.onnx.AttributeProto;
export type IAttributeProto = onnxProto.onnx.IAttributeProto;
export type ITensorProto = onnxProto.onnx.ITensorProto;
export type INodeProto = onnxProto.onnx.INodeProto;
export type IValueInfoProto = onnxProto.onnx.IValueInfoProto;
export type IGraphProto = onnxProto.onnx.IGraphProto;

export const DataType = onnx.TensorProto.DataType;
export const AttrType = onnx.AttributeProto.AttributeType;

/** The opset every built-in model imports (LayerNormalization needs 17). */
export const OPSET = 17;
/** IR version 8 goes with opset 17 (ONNX 1.12) and is the newest onnx-proto knows. */
export const IR_VERSION = 8;

/** protobufjs decodes int64 fields as Long objects when the `long` package is present. */
export function toNumber(v: number | { toNumber(): number } | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}
