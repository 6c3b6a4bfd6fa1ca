import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_MODELS } from '../../src/models/builtin/registry.js';
import { decodeModel } from '../../src/models/onnx/decode.js';
import { onnx } from '../../src/models/onnx/proto.js';
import { runSuite } from '../../src/run/run-suite.js';
import { FAST_PROTOCOL, tempDir } from '../helpers/tmp.js';

/** Moves every initializer's bytes into `weights.bin` beside the model, as large exports do. */
function withExternalData(dir: string): string {
  const model = decodeModel(BUILTIN_MODELS['mlp-mini']!.build(1));
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const t of model.graph!.initializer!) {
    const raw = Buffer.from(t.rawData!);
    chunks.push(raw);
    t.rawData = new Uint8Array(0);
    t.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    t.externalData = [
      { key: 'location', value: 'weights.bin' },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(raw.length) },
    ];
    offset += raw.length;
  }
  writeFileSync(join(dir, 'weights.bin'), Buffer.concat(chunks));
  const path = join(dir, 'mlp-external.onnx');
  writeFileSync(path, onnx.ModelProto.encode(model).finish());
  return path;
}

describe('bring your own model with external-data weights', () => {
  it('measures a model whose weights live in a file beside the .onnx', async () => {
    const dir = tempDir();
    const model = withExternalData(dir);
    const run = await runSuite({
      models: [model],
      batches: [1],
      outDir: join(dir, 'out'),
      cacheDir: join(dir, 'cache'),
      protocol: FAST_PROTOCOL,
      layers: false,
    });
    expect(run.results[0]!.status).toBe('ok');
    expect(run.results[0]!.config.model).toMatchObject({ name: 'mlp-external', source: 'file' });
  });
});
