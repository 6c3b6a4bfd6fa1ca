/** Whether a model is already FP16, so callers run it as given instead of converting it. */
import { decodeModel } from '../onnx/decode.js';
import { DataType, type ModelProto, toNumber } from '../onnx/proto.js';

/**
 * True when a graph input or output is float16 (an FP16 export), or when most float weight
 * values are float16 (a converted model that kept float32 IO, such as convertToFp16's own
 * output, where a few small tensors like Resize scales stay float32).
 */
export function isFp16Model(bytes: Uint8Array): boolean {
  return isFp16Proto(decodeModel(bytes));
}

export function isFp16Proto(model: ModelProto): boolean {
  const graph = model.graph!;
  const io = [...(graph.input ?? []), ...(graph.output ?? [])];
  if (io.some((v) => v.type?.tensorType?.elemType === DataType.FLOAT16)) return true;
  let half = 0;
  let single = 0;
  for (const t of graph.initializer ?? []) {
    const n = (t.dims ?? []).reduce<number>((a, d) => a * toNumber(d), 1);
    if (t.dataType === DataType.FLOAT16) half += n;
    if (t.dataType === DataType.FLOAT) single += n;
  }
  return half > single;
}
