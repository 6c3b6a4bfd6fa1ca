/** One float32 TensorProto rewritten in place as float16 (raw little-endian data). */
import { DnnperfError } from '../../errors.js';
import { DataType, type ITensorProto } from '../onnx/proto.js';
import { readFloat32, uint16Bytes } from '../onnx/tensor-data.js';
import { toHalfArray } from './half.js';

/** Converts `tensor` to float16 and returns how many values were clamped to +-65504. */
export function tensorToFp16(tensor: ITensorProto, what: string): number {
  if (tensor.dataLocation === 1) {
    throw new DnnperfError(
      'E_MODEL_INVALID',
      `${what} keeps its data in an external file; re-save the model with its weights inside the .onnx file to convert it to FP16`,
    );
  }
  const values = tensor.rawData && tensor.rawData.length > 0 ? readFloat32(tensor.rawData) : (tensor.floatData ?? []);
  const { bits, clamped } = toHalfArray(values);
  tensor.dataType = DataType.FLOAT16;
  tensor.rawData = uint16Bytes(bits);
  tensor.floatData = [];
  return clamped;
}
