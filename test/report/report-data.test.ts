import { describe, expect, it } from 'vitest';
import { buildReportData } from '../../src/report/report-data.js';
import { readRun } from '../../src/results/run-files.js';
import { fixtureData, fixtureDir } from './helpers.js';

describe('buildReportData', () => {
  it('labels configurations as model spec batch N and lists what did not finish', () => {
    const data = fixtureData('full');
    expect(data.ok).toHaveLength(11);
    expect(data.ok[0]!.label).toBe('resnet-mini ort:cpu batch 1');
    expect(data.notOk).toEqual([
      { runId: 'fixture-full', label: 'mlp-mini ort:cuda/fp16 batch 4', status: 'failed', phase: 'create', reason: 'CUDA failure 2: out of memory' },
      {
        runId: 'fixture-full',
        label: 'resnet-mini ort:tensorrt batch 1',
        status: 'unavailable',
        reason: 'TensorrtExecutionProvider is not in this onnxruntime-node build',
      },
    ]);
    expect(data.status).toEqual([
      { runId: 'fixture-full', dir: fixtureDir('full'), planned: 13, ok: 11, failed: 1, unavailable: 1, missing: [], warnings: [] },
    ]);
  });

  it('an interrupted run: planned configurations without a result are missing', () => {
    const data = fixtureData('partial');
    expect(data.status[0]!.missing).toEqual(['resnet-mini ort:cpu batch 4', 'resnet-mini ort:cuda batch 1']);
    expect(data.status[0]!.warnings).toHaveLength(1);
  });

  it('several runs: the run id joins the series so configurations stay distinct', () => {
    const data = buildReportData([readRun(fixtureDir('full')), readRun(fixtureDir('partial'))]);
    expect(data.ok[0]!.series).toBe('ort:cpu [fixture-full]');
    expect(data.ok.at(-1)!.label).toBe('resnet-mini ort:cpu [fixture-partial] batch 1');
  });
});

describe('buildReportData with trials', () => {
  it('names every trial, 1-based, when a run measured configurations in several processes', () => {
    const run = readRun(fixtureDir('partial'));
    const first = run.results[0]!;
    run.manifest.configurations = [first.config, { ...first.config, trial: 1 }];
    run.results = [first, { ...first, config: { ...first.config, trial: 1 } }];
    const data = buildReportData([run]);
    expect(data.ok.map((e) => e.label)).toEqual(['resnet-mini ort:cpu batch 1 trial 1', 'resnet-mini ort:cpu batch 1 trial 2']);
    expect(data.status[0]!.missing).toEqual([]);
  });
});
