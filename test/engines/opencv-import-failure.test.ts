/** OpenCV importer rejections explained from a table of measured versions (no cv2 needed). */
import { describe, expect, it } from 'vitest';
import { explainImportFailure } from '../../src/engines/opencv/import-failure.js';

const table = {
  ops: ['Gelu', 'Hardmax', 'CumSum', 'Relu'],
  versions: {
    '4.6.0': { unknown: ['Gelu', 'Hardmax'], unanswered: [] },
    '4.14.0': { unknown: ['Hardmax'], unanswered: ['CumSum'] },
    '5.0.0': { unknown: [], unanswered: ['CumSum'] },
  },
};
const rejected = (version: string, op: string) =>
  `OpenCV ${version} cannot import m.onnx: Node [${op}@ai.onnx]:(onnx_node!n1) parse error: Can't create layer "onnx_node!n1" of type "${op}"`;

describe('explainImportFailure', () => {
  it('names the op, the node, the version and every newer measured version that imports it', () => {
    expect(explainImportFailure(rejected('4.6.0', 'Gelu'), table)).toBe(
      "OpenCV 4.6.0's ONNX importer has no layer for op Gelu (node n1), so it cannot import m.onnx: OpenCV 4.14.0, 5.0.0 import it (measured by dnnperf): " +
        'use a newer OpenCV (--engine cv=opencv:python=<python with that cv2> --backend cv:opencv/cpu), or run it on another backend (e.g. ort:cpu)',
    );
    expect(explainImportFailure(rejected('4.14.0', 'Hardmax'), table)).toMatch(/: OpenCV 5\.0\.0 imports it \(measured by dnnperf\)/);
  });
  it('says when no newer measured version imports it (a crash of the importer is not an import)', () => {
    expect(
      explainImportFailure(rejected('4.6.0', 'CumSum'), { ...table, versions: { ...table.versions, '4.6.0': { unknown: ['CumSum'], unanswered: [] } } }),
    ).toBe(
      "OpenCV 4.6.0's ONNX importer has no layer for op CumSum (node n1), so it cannot import m.onnx: no newer OpenCV dnnperf measured (4.14.0, 5.0.0) imports it either; " +
        'run it on another backend (e.g. ort:cpu), or export the model without CumSum',
    );
  });
  it('a version newer than any measured, and an op that is not ONNX', () => {
    expect(explainImportFailure(rejected('5.1.0', 'Hardmax'), table)).toMatch(
      /: dnnperf has measured no OpenCV newer than 5\.1\.0; run it on another backend \(e\.g\. ort:cpu\), or try a newer OpenCV$/,
    );
    expect(explainImportFailure(rejected('4.6.0', 'FancyOp'), table)).toMatch(/: FancyOp is not an ONNX operator \(a custom op\?\); run it on another backend/);
  });
  it('leaves other import errors alone', () => {
    expect(explainImportFailure('OpenCV 4.6.0 cannot import m.onnx: Node [Conv@ai.onnx]:(onnx_node!conv) parse error: kernel_size', table)).toBeUndefined();
  });
});
