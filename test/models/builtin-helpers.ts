/** Shared by the built-in and FP16 tests: run a model in onnxruntime-node on fixed inputs. */
import * as ort from 'onnxruntime-node';
import type { BuiltinModel } from '../../src/models/builtin/types.js';

export function feedsFor(model: BuiltinModel, batch: number): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of model.inputs) {
    const dims = input.dims.map((d) => (d === 'batch' ? batch : Number(d)));
    const n = dims.reduce((a, b) => a * b, 1);
    feeds[input.name] = new ort.Tensor(
      'float32',
      Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37)),
      dims,
    );
  }
  return feeds;
}

export async function runModel(bytes: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}
