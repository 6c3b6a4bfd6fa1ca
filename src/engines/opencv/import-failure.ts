/**
 * OpenCV's ONNX importer rejecting an op, said with the fix: the op and its node, this
 * OpenCV's version, and whether a newer OpenCV imports it, from the versions dnnperf has
 * measured (onnx-op-support.ts, written by scripts/opencv-onnx-ops.ts).
 */
import { OPENCV_ONNX_OP_SUPPORT } from './onnx-op-support.js';

type Support = typeof OPENCV_ONNX_OP_SUPPORT;

const IMPORT_RE = /^OpenCV (\S+) cannot import (\S+): .*Can't create layer "([^"]*)" of type "([^"]+)"/;

const newer = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true }) > 0;

/** The worker's import error rewritten, or undefined when it is not an unknown-op rejection. */
export function explainImportFailure(message: string, support: Support = OPENCV_ONNX_OP_SUPPORT): string | undefined {
  const m = IMPORT_RE.exec(message);
  if (!m) return undefined;
  const [, version, model, layer, op] = m as unknown as [string, string, string, string, string];
  const node = layer.replace(/^onnx_node!/, '');
  const head = `OpenCV ${version}'s ONNX importer has no layer for op ${op} (node ${node}), so it cannot import ${model}`;
  const elsewhere = 'run it on another backend (e.g. ort:cpu)';
  if (!support.ops.includes(op)) return `${head}: ${op} is not an ONNX operator (a custom op?); ${elsewhere}, or export the model with standard ONNX ops`;
  const later = Object.keys(support.versions).filter((v) => newer(v, version));
  if (later.length === 0) return `${head}: dnnperf has measured no OpenCV newer than ${version}; ${elsewhere}, or try a newer OpenCV`;
  const importing = later.filter((v) => !support.versions[v]!.unknown.includes(op) && !support.versions[v]!.unanswered.includes(op));
  if (importing.length === 0) {
    return `${head}: no newer OpenCV dnnperf measured (${later.join(', ')}) imports it either; ${elsewhere}, or export the model without ${op}`;
  }
  return (
    `${head}: OpenCV ${importing.join(', ')} import${importing.length === 1 ? 's' : ''} it (measured by dnnperf): ` +
    `use a newer OpenCV (--engine cv=opencv:python=<python with that cv2> --backend cv:opencv/cpu), or ${elsewhere}`
  );
}
