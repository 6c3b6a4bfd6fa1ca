/**
 * Reads an ONNX `TensorProto` file (`input_0.pb` of an ONNX test data set) into a host tensor:
 * raw_data (little-endian) or the typed fields (float_data, int64_data, and int32_data, which
 * also carries int8, uint8, bool and float16 bits).
 */
import { DnnperfError } from '../../errors.js';
import type { HostTensor } from '../../tensors.js';
import { dtypeOf, elemTypeName } from '../onnx/dtype.js';
import { onnx, type TensorProto, toNumber } from '../onnx/proto.js';
import { elementCount, readElements, type TensorFile } from './tensor-bytes.js';

const EXTERNAL = 1;

function fromTypedFields(t: TensorProto, dtype: HostTensor['dtype'], count: number, what: string): HostTensor['data'] {
  const values: ArrayLike<unknown> = dtype === 'float32' ? t.floatData : dtype === 'int64' ? t.int64Data : t.int32Data;
  if (values.length !== count) {
    throw new DnnperfError('E_INPUT', `${what} holds ${values.length} values, but its shape needs ${count}: the file is truncated or damaged; write it again`);
  }
  const num = (v: unknown) => toNumber(v as number);
  switch (dtype) {
    case 'float32':
      return Float32Array.from(values as ArrayLike<number>);
    case 'int64':
      return BigInt64Array.from(values as ArrayLike<unknown>, (v) => BigInt(String(v)));
    case 'int32':
      return Int32Array.from(values as ArrayLike<unknown>, num);
    case 'int8':
      return Int8Array.from(values as ArrayLike<unknown>, num);
    case 'float16':
      return Uint16Array.from(values as ArrayLike<unknown>, num);
    case 'uint8':
      return Uint8Array.from(values as ArrayLike<unknown>, num);
    case 'bool':
      return Uint8Array.from(values as ArrayLike<unknown>, (v) => (num(v) === 0 ? 0 : 1));
  }
}

export function parseTensorProto(bytes: Uint8Array, what: string): TensorFile {
  let t: TensorProto;
  try {
    t = onnx.TensorProto.decode(bytes);
  } catch (e) {
    throw new DnnperfError(
      'E_INPUT',
      `${what} is not an ONNX TensorProto (protobuf decoding failed: ${(e as Error).message}): write it with onnx.numpy_helper.from_array(x).SerializeToString()`,
    );
  }
  const elemType = t.dataType ?? 0;
  const dtype = dtypeOf(elemType);
  if (!dtype) {
    throw new DnnperfError(
      'E_INPUT',
      `${what} holds ${elemTypeName(elemType)} values, which dnnperf cannot feed (supported: float32, float16, int64, int32, int8, uint8, bool): convert the tensor or pass another file`,
    );
  }
  if (t.dataLocation === EXTERNAL) {
    throw new DnnperfError('E_INPUT', `${what} keeps its values in an external file: save the tensor with its data inside the .pb file`);
  }
  const dims = (t.dims ?? []).map((d) => toNumber(d));
  const count = elementCount(dims);
  const data = t.rawData && t.rawData.length > 0 ? readElements(t.rawData, dtype, count, true, what) : fromTypedFields(t, dtype, count, what);
  return { ...(t.name ? { name: t.name } : {}), tensor: { dtype, dims, data } };
}
