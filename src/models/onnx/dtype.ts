/** Mapping between ONNX element types and the dtypes dnnperf can feed and read. */
import type { DType } from '../../results/schema.js';
import { DataType } from './proto.js';

const TO_ONNX: Record<DType, number> = {
  float32: DataType.FLOAT,
  float16: DataType.FLOAT16,
  int64: DataType.INT64,
  int32: DataType.INT32,
  int8: DataType.INT8,
  uint8: DataType.UINT8,
  bool: DataType.BOOL,
};

const FROM_ONNX = new Map<number, DType>(Object.entries(TO_ONNX).map(([d, t]) => [t, d as DType]));

export function onnxElemType(dtype: DType): number {
  return TO_ONNX[dtype];
}

/** The dnnperf dtype of an ONNX element type, or undefined for types it cannot feed (double, string...). */
export function dtypeOf(elemType: number): DType | undefined {
  return FROM_ONNX.get(elemType);
}

/** The ONNX name of an element type, for messages: `FLOAT16`, `DOUBLE`. */
export function elemTypeName(elemType: number): string {
  return DataType[elemType] ?? `elem_type ${elemType}`;
}

/** Bytes per element of each dtype as dnnperf holds it (bool as one byte). */
export const DTYPE_BYTES: Record<DType, number> = { float32: 4, float16: 2, int64: 8, int32: 4, int8: 1, uint8: 1, bool: 1 };
