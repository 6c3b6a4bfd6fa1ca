/**
 * Reading ONNX bytes: `decodeModel` gives the protobuf message (for rewriting, as the FP16
 * converter does), `loadModel` a plain summary for inspection (inputs to feed, outputs to
 * check, initializers, nodes). Failures are E_MODEL_INVALID with a message a user can act on.
 */
import { DnnperfError } from '../../errors.js';
import type { DType } from '../../results/schema.js';
import { dtypeOf, elemTypeName } from './dtype.js';
import { type IValueInfoProto, type ModelProto, onnx, toNumber } from './proto.js';

/** A graph input or output as declared. `dtype` is undefined for types dnnperf cannot feed. */
export interface ValueMeta {
  name: string;
  elemType: number;
  /** ONNX name of the element type, e.g. `FLOAT16`. */
  elemTypeName: string;
  dtype: DType | undefined;
  /** Fixed sizes, symbolic names (`batch`), or null for an unnamed dynamic dim. */
  dims: Array<number | string | null>;
}

export interface InitializerMeta {
  name: string;
  elemType: number;
  dims: number[];
}

export interface NodeMeta {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
}

export interface ModelInfo {
  irVersion: number;
  /** Opset version per domain ('' is the default ONNX domain). */
  opsets: Record<string, number>;
  producer: string;
  /** Graph inputs that are not initializers: what a caller must feed. */
  inputs: ValueMeta[];
  outputs: ValueMeta[];
  initializers: InitializerMeta[];
  nodes: NodeMeta[];
}

/** Decodes ONNX bytes into a ModelProto, or throws E_MODEL_INVALID saying what is wrong. */
export function decodeModel(bytes: Uint8Array, what = 'model'): ModelProto {
  if (bytes.length === 0) {
    throw new DnnperfError('E_MODEL_INVALID', `${what} is empty (0 bytes): not an ONNX model; re-export or re-download it`);
  }
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new DnnperfError('E_MODEL_INVALID', decodeFailure(bytes, what, e));
  }
  if (!model.graph || toNumber(model.irVersion) <= 0 || model.opsetImport.length === 0) {
    throw new DnnperfError(
      'E_MODEL_INVALID',
      `${what} is not an ONNX model (no graph, IR version or opset import in its ${bytes.length} bytes); pass an .onnx file`,
    );
  }
  return model;
}

/** A plain summary of a model, for callers that only need to look at it. */
export function loadModel(bytes: Uint8Array, what = 'model'): ModelInfo {
  return describeModel(decodeModel(bytes, what));
}

export function describeModel(model: ModelProto): ModelInfo {
  const graph = model.graph!;
  const initializers = graph.initializer ?? [];
  const initNames = new Set(initializers.map((t) => t.name));
  const opsets: Record<string, number> = {};
  for (const o of model.opsetImport) opsets[o.domain ?? ''] = toNumber(o.version);
  return {
    irVersion: toNumber(model.irVersion),
    opsets,
    producer: model.producerName ?? '',
    // Before IR 4, initializers were also listed as graph inputs: they are not fed.
    inputs: (graph.input ?? []).filter((v) => !initNames.has(v.name ?? '')).map(valueMeta),
    outputs: (graph.output ?? []).map(valueMeta),
    initializers: initializers.map((t) => ({
      name: t.name ?? '',
      elemType: t.dataType ?? 0,
      dims: (t.dims ?? []).map(toNumber),
    })),
    nodes: (graph.node ?? []).map((n) => ({
      name: n.name ?? '',
      opType: n.opType ?? '',
      domain: n.domain ?? '',
      inputs: [...(n.input ?? [])],
      outputs: [...(n.output ?? [])],
    })),
  };
}

export function valueMeta(v: IValueInfoProto): ValueMeta {
  const tensor = v.type?.tensorType;
  const elemType = tensor?.elemType ?? 0;
  return {
    name: v.name ?? '',
    elemType,
    elemTypeName: elemTypeName(elemType),
    dtype: dtypeOf(elemType),
    dims: (tensor?.shape?.dim ?? []).map((d) => {
      if (d.dimParam) return d.dimParam;
      if (d.dimValue !== null && d.dimValue !== undefined) return toNumber(d.dimValue);
      return null;
    }),
  };
}

/**
 * protobufjs throws a RangeError "index out of range" when a field runs past the end. ONNX
 * files start with field 1 (ir_version, a varint: tag byte 0x08), so that error on bytes
 * starting that way means a cut-off file; anything else is not ONNX at all.
 */
function decodeFailure(bytes: Uint8Array, what: string, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (/index out of range/.test(message) && bytes[0] === 0x08) {
    return `${what} is truncated (protobuf decoding ran out of bytes after ${bytes.length} bytes); re-download or re-export it`;
  }
  return `${what} is not an ONNX model (protobuf decoding failed: ${message}); pass an .onnx file`;
}
