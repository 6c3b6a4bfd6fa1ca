import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSuite } from '../../src/run/run-suite.js';
import { FAST_PROTOCOL, tempDir } from '../helpers/tmp.js';

describe('FP16 target end to end on the CPU', () => {
  it('runs the converted model and reports its accuracy cost against the FP32 reference', async () => {
    const dir = tempDir();
    const run = await runSuite({
      models: ['mlp-mini', 'resnet-mini'],
      backends: ['ort:cpu', 'ort:cpu/fp16'],
      batches: [2],
      outDir: join(dir, 'out'),
      cacheDir: join(dir, 'cache'),
      protocol: FAST_PROTOCOL,
      layers: false,
    });
    expect(run.results.map((r) => `${r.config.model.name} ${r.config.spec} ${r.status}`)).toEqual([
      'mlp-mini ort:cpu ok',
      'mlp-mini ort:cpu/fp16 ok',
      'resnet-mini ort:cpu ok',
      'resnet-mini ort:cpu/fp16 ok',
    ]);
    for (const r of run.results) {
      if (r.status !== 'ok') continue;
      if (r.config.target === 'fp16') {
        expect(r.config.model.source).toBe('derived');
        expect(r.accuracy?.reference).toBe('ort:cpu');
        expect(r.accuracy!.relL2Error).toBeGreaterThan(0); // FP16 really ran: not bit-identical
        expect(r.accuracy!.relL2Error).toBeLessThan(1e-2);
        expect(r.accuracy!.cosine).toBeGreaterThan(0.9999);
      } else {
        expect(r.accuracy).toBeUndefined(); // the reference is not compared with itself
      }
    }
  });
});
