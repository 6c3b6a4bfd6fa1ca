/** The GPU run's tables: device memory, cuDNN and TF32 per configuration; what layer times mean; problems for mixed cuDNN, CPU-run nodes and unmeasurable accuracy. */
import { describe, expect, it } from 'vitest';
import { accuracyChart } from '../../src/report/charts/accuracy.js';
import { detailSections } from '../../src/report/details.js';
import { problemSections } from '../../src/report/problems.js';
import { buildReportData } from '../../src/report/report-data.js';
import { readRun } from '../../src/results/run-files.js';
import type { OkResult } from '../../src/results/schema.js';
import { fixtureDir } from './helpers.js';

const MIB = 1024 * 1024;

/** The full fixture with its first CUDA result turned into an OpenCV CUDA one as the H200 run records it. */
function gpuData() {
  const run = readRun(fixtureDir('full'));
  const i = run.results.findIndex((r) => r.status === 'ok' && r.config.backend === 'cuda' && r.config.target === undefined);
  const base = run.results[i] as OkResult;
  const cv: OkResult = {
    ...base,
    config: { ...base.config, spec: 'cv410:cuda/cuda', engine: 'cv410', target: 'cuda', key: 'cvkey' },
    execution: { requested: 'cv410:cuda/cuda', actual: 'cv410:cuda/cuda', fallback: true, cpuNodes: ['/rnn/LSTM/lstm'], notes: ['1 layer(s) fell back'] },
    memory: { peakRssBytes: 1, deviceBytes: 748 * MIB, deviceMethod: 'nvidia-smi per-process used_memory (includes CUDA context)', devicePid: 551 },
    loadedLibraries: {
      cudnn: '9.19.0.56',
      cublas: '13.1.0.3',
      cudnnBuilds: [
        { dir: '/torch/nvidia/cudnn/lib', version: '9.19.0.56', files: ['libcudnn.so.9'] },
        { dir: '/usr/lib/x86_64-linux-gnu', version: '9.14.0', files: ['libcudnn_ops.so.9.14.0'] },
      ],
      mixedCudnn: 'two different cuDNN builds mapped in one process: ...',
    },
    tf32: { enabled: false, basis: 'FMA math' },
    machine: {
      ...base.machine!,
      gpu: { before: { index: 0, smClockMHz: 1410, throttleReasons: [] }, after: { index: 0, smClockMHz: 1980, throttleReasons: [] } },
    },
    accuracy: { reference: 'ort:cpu', maxAbsError: 2e-9, relL2Error: 1, cosine: 0, notMeasurable: 'logits: below FP16', perOutput: [] },
    layers: { ...base.layers!, timing: 'synchronous', sumMedianMs: 12.2, endToEndMedianMs: 6.2, profiledEndToEndMedianMs: 12.3 },
  };
  run.results.splice(i, 0, cv);
  return buildReportData([run]);
}

describe('GPU details in the report', () => {
  const data = gpuData();
  const label = 'resnet-mini cv410:cuda/cuda batch 1 [fallback]';

  it('one row per GPU configuration: memory of the pid read, cuDNN per folder, mixed flag, TF32, clock', () => {
    const [gpu] = detailSections(data);
    const row = gpu!.table.rows.find((r) => r[0] === label)!;
    expect(row).toEqual([
      label,
      748,
      'nvidia-smi per-process used_memory (includes CUDA context)',
      551,
      '9.19.0.56 (/torch/nvidia/cudnn/lib) + 9.14.0 (/usr/lib/x86_64-linux-gnu)',
      '13.1.0.3',
      null,
      'yes: two different cuDNN builds mapped in one process: ...',
      'off: FMA math',
      1980,
    ]);
  });

  it('says what layer times are: synchronous is more than kernel time, dispatch is not kernel time', () => {
    const timing = detailSections(data)[1]!;
    const row = timing.table.rows.find((r) => r[0] === label)!;
    expect(row.slice(1, 3)).toEqual(['synchronous', expect.stringMatching(/more than kernel time$/)]);
    expect(row.slice(3)).toEqual([12.2, 6.2, 12.3, 12.2 / 6.2]);
    expect(timing.table.rows.some((r) => r[1] === 'host-dispatch' && /NOT kernel time/.test(String(r[2])))).toBe(true);
  });

  it('problems: CPU-run nodes, two cuDNN builds, accuracy not measurable; the chart leaves that figure out', () => {
    const p = problemSections(data);
    const fallback = p.find((s) => s.heading.startsWith('Fallbacks'))!;
    expect(fallback.table.rows.find((r) => r[0] === label)?.[4]).toBe('/rnn/LSTM/lstm');
    expect(p.find((s) => s.heading.startsWith('Two cuDNN builds'))?.table.rows).toEqual([[label, 'two different cuDNN builds mapped in one process: ...']]);
    expect(p.find((s) => s.heading.startsWith('Accuracy not measurable'))?.table.rows).toEqual([[label, 'logits: below FP16']]);
    const chart = accuracyChart(data);
    if (chart.kind !== 'chart') throw new Error('accuracy chart skipped');
    expect(chart.table.rows).toContainEqual([label, 'ort:cpu', 'not measurable: logits: below FP16', null, null]);
    expect((chart.spec.data as { values: Array<{ config: string }> }).values.some((v) => v.config === label)).toBe(false);
  });
});
