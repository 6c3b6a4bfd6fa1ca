/** onnxruntime's session errors for ops it lacks, through the real engine: one line naming the op, the node and the fix. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBackendSpec } from '../../src/engines/backend-spec.js';
import { createOrtEngine } from '../../src/engines/ort/ort-engine.js';
import { explainSessionError } from '../../src/engines/ort/session-error.js';
import { GraphBuilder } from '../../src/models/onnx/graph-builder.js';
import type { DType } from '../../src/results/schema.js';
import { tempDir } from '../helpers/tmp.js';

function oneNode(dir: string, op: string, dtype: DType): string {
  const g = new GraphBuilder(op, 1);
  g.output(g.node(op, [g.input('x', dtype, ['batch', 4])], {}, 'n1'), dtype, ['batch', 4]);
  const path = join(dir, `${op}-${dtype}.onnx`);
  writeFileSync(path, g.toBytes());
  return path;
}

describe('onnxruntime session errors', () => {
  const dir = tempDir();
  const engine = createOrtEngine();
  const cpu = parseBackendSpec('ort:cpu');

  it('an op without a kernel for its input types (Relu on int64)', async () => {
    const model = oneNode(dir, 'Relu', 'int64');
    await expect(engine.open(model, cpu, { options: {} })).rejects.toThrow(
      new RegExp(
        `^onnxruntime \\S+ on ort:cpu has no kernel for op Relu at opset 14 with these input types \\(node 'n1'\\) in ${model}: another backend \\(e\\.g\\. opencv:opencv/cpu\\) or an export at another opset may run it$`,
      ),
    );
  });

  it('an op ONNX does not have (a custom op)', async () => {
    const model = oneNode(dir, 'FancyOp', 'float32');
    await expect(engine.open(model, cpu, { options: {} })).rejects.toThrow(
      /^onnxruntime \S+ knows no op FancyOp at opset 17 \(node 'n1'\) in .*: a custom op or one from a newer ONNX opset; another backend/,
    );
  });

  it('anything else keeps its first line', () => {
    expect(explainSessionError('Load model failed: bad\nmore', { modelPath: 'm.onnx', spec: 'ort:cpu', version: '1.29.0' })).toBe(
      'onnxruntime 1.29.0 could not create a session for m.onnx on ort:cpu: Load model failed: bad',
    );
  });
});
