import { describe, expect, it } from 'vitest';
import { DnnperfError } from '../../src/errors.js';
import { BUILTIN_MODELS } from '../../src/models/builtin/registry.js';
import { decodeModel, loadModel } from '../../src/models/onnx/decode.js';
import { createRng } from '../../src/stats/random.js';

function failure(bytes: Uint8Array): DnnperfError {
  try {
    decodeModel(bytes, 'det.onnx');
  } catch (e) {
    if (e instanceof DnnperfError) return e;
    throw e;
  }
  throw new Error('decodeModel accepted the bytes');
}

describe('decodeModel errors', () => {
  it('says "not an ONNX model" for random bytes', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = createRng(seed);
      const bytes = Uint8Array.from({ length: 4096 }, () => Math.floor(r() * 256));
      bytes[0] = 0x47; // not the ir_version tag, as in a JPEG or text file
      const e = failure(bytes);
      expect(e.code).toBe('E_MODEL_INVALID');
      expect(e.message).toMatch(/^det\.onnx is not an ONNX model/);
    }
  });

  it('says "not an ONNX model" for text', () => {
    expect(failure(new TextEncoder().encode('<html>404 Not Found</html>')).message).toMatch(/not an ONNX model/);
  });

  it('says "truncated" when the bytes stop early', () => {
    const bytes = BUILTIN_MODELS['mlp-mini']!.build(1);
    for (const cut of [0.1, 0.5, 0.99]) {
      const e = failure(bytes.subarray(0, Math.floor(bytes.length * cut)));
      expect(e.code).toBe('E_MODEL_INVALID');
      expect(e.message).toMatch(/^det\.onnx is truncated/);
    }
  });

  it('says empty for zero bytes', () => {
    expect(failure(new Uint8Array(0)).message).toMatch(/empty/);
  });

  it('accepts a whole model', () => {
    expect(loadModel(BUILTIN_MODELS['mlp-mini']!.build(1)).inputs.map((i) => i.name)).toEqual(['input']);
  });
});
