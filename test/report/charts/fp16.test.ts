import { describe, expect, it } from 'vitest';
import { fp16Chart, pairFp16 } from '../../../src/report/charts/fp16.js';
import type { OkEntry } from '../../../src/report/report-data.js';
import { fixtureData } from '../helpers.js';
import { drawn } from './drawn.js';

function entry(spec: string, target: string | undefined, extra: Partial<OkEntry['result']['config']> = {}): OkEntry {
  const [engine, backend] = spec.split(':') as [string, string];
  const config = { engine, backend, ...(target ? { target } : {}), batch: 1, trial: 0, model: { name: 'm', sha256: 's' }, ...extra };
  return { runId: 'r', model: config.model.name, series: spec, batch: 1, label: spec, result: { config } } as unknown as OkEntry;
}

describe('pairFp16', () => {
  it('pairs ort cuda/fp16 with cuda, and OpenCV cuda_fp16 with cuda', () => {
    const ortFp32 = entry('ort:cuda', undefined);
    const ortFp16 = entry('ort:cuda', 'fp16');
    const cvFp32 = entry('opencv:cuda', 'cuda');
    const cvFp16 = entry('opencv:cuda', 'cuda_fp16');
    const pairs = pairFp16([ortFp32, ortFp16, cvFp32, cvFp16]);
    expect(pairs).toEqual([
      { fp16: ortFp16, fp32: ortFp32 },
      { fp16: cvFp16, fp32: cvFp32 },
    ]);
  });

  it('pairs a derived FP16 model with its source by hash, never across backends', () => {
    const fp32 = entry('ort:cuda', undefined, { model: { name: 'det', sha256: 'aaa' } } as never);
    const fp16 = entry('ort:cuda', 'fp16', { model: { name: 'det.fp16', sha256: 'bbb', derivedFrom: 'aaa' } } as never);
    const cpu = entry('ort:cpu', 'fp16');
    expect(pairFp16([fp32, fp16, cpu])).toEqual([{ fp16, fp32 }]);
  });
});

describe('fp16Chart', () => {
  it('speed-up with its interval beside the relative L2 error', () => {
    const c = drawn(fp16Chart(fixtureData('full')));
    expect(c.title).toBe('FP16 vs FP32: speed-up (x) and accuracy cost (relative L2 error), log scales');
    const values = c.json.data.values;
    // mlp-mini fp16 at batch 4 failed: 3 pairs.
    expect(values.map((v: { pair: string }) => v.pair)).toEqual(['resnet-mini ort:cuda batch 1', 'resnet-mini ort:cuda batch 4', 'mlp-mini ort:cuda batch 1']);
    expect(values[0]).toEqual({
      pair: 'resnet-mini ort:cuda batch 1',
      fp32Spec: 'ort:cuda',
      fp16Spec: 'ort:cuda/fp16',
      fp32MedianMs: 0.7354,
      fp16MedianMs: 0.4422,
      speedup: 0.7354 / 0.4422,
      speedupLow: 0.7301 / 0.4453,
      speedupHigh: 0.7393 / 0.4382,
      reference: 'ort:cpu',
      maxAbsError: 0.0021,
      relL2Error: 0.00061,
      cosine: 0.9999998,
      accuracyNote: null,
    });
    const [speed, error] = c.json.hconcat;
    expect(speed.layer[0].data.values).toEqual([{ one: 1 }]);
    expect(speed.layer[1].encoding.x2).toEqual({ field: 'speedupHigh' });
    expect(speed.layer[2].encoding.x).toEqual({
      type: 'quantitative',
      title: 'speed-up: FP32 median / FP16 median (x, log scale)',
      scale: { type: 'log' },
      field: 'speedup',
    });
    expect(error.encoding.x).toEqual({ field: 'relL2Error', type: 'quantitative', title: 'relative L2 error (log scale)', scale: { type: 'log' } });
    expect(c.spec).toMatchSnapshot();
  });

  it('is skipped on a CPU-only run', () => {
    const chart = fp16Chart(fixtureData('partial'));
    expect(chart.kind === 'skipped' && chart.reason).toMatch(/^no FP16 configuration with an FP32 counterpart/);
  });
});
