/**
 * The gate end to end with the seeded mock engine: real runs (one child process per trial),
 * a saved baseline, planted slowdowns. Three models at batch 1 and 4 trials a side keep it
 * to about 12 children per run; the mock repeats its draws in every process, so the trial
 * medians of a side tie, and 4 trials is the fewest where Holm over 3 configurations can
 * still reach significance.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { baselineSaveCommand } from '../../src/cli/commands/baseline.js';
import type { CommandIo } from '../../src/cli/io.js';
import { gateCommand } from '../../src/cli/commands/gate.js';
import { runSuite } from '../../src/run/run-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'dnnperf-gate-'));
const baselines = join(dir, 'baselines');
const models = ['mlp-mini', 'resnet-mini', 'detector-mini'];
const protocol = { minTimeMs: 1, maxTimeMs: 50, warmupMs: 0, warmupIterations: 1, minSamples: 20 };
const flags = {
  backend: ['mock:cpu'], model: models, batch: '1', trials: 4, out: join(dir, 'reports'),
  minTime: 0.001, maxTime: 0.05, warmupTime: 0.000001, warmupRuns: 1, minSamples: 20,
  layers: false, fetch: false, baselines, stepSummary: false, junit: '', json: true,
};

function io(): CommandIo & { out: string; err: string } {
  const o = {
    out: '',
    err: '',
    env: {},
    stdout: (t: string) => {
      o.out += t;
    },
    stderr: (t: string) => {
      o.err += t;
    },
  };
  return o;
}

async function gate(slowdown: string, extra: object = {}) {
  process.env['DNNPERF_MOCK_SLOWDOWN'] = slowdown;
  const out = io();
  const code = await gateCommand('default', { ...flags, ...extra } as never, out);
  return { code, out, json: JSON.parse(out.out) };
}

afterEach(() => {
  delete process.env['DNNPERF_MOCK_SLOWDOWN'];
});

describe('gate with the mock engine', () => {
  beforeAll(async () => {
    const run = await runSuite({ suite: 'default', models, backends: ['mock:cpu'], batches: [1], trials: 4, layers: false, fetch: false, outDir: join(dir, 'reports'), protocol });
    const out = io();
    expect(baselineSaveCommand(run.dir, { baselines }, out)).toBe(0);
  }, 240_000);

  it('no baseline for the machine: exit 2 via DnnperfError, naming baseline save', async () => {
    await expect(gateCommand('default', { ...flags, baselines: join(dir, 'none') } as never, io())).rejects.toThrow(
      /^no baseline for machine .* and suite default \(.*\): measure one with `dnnperf run default --trials 6 --no-layers --warmup-time 0.2 --min-time 0.3 --max-time 2` and promote it with `dnnperf baseline save <run>`$/,
    );
  });

  it('a planted 15% slowdown fails (exit 1) and names only that model; a 1% one beside it is unchanged', async () => {
    const { code, out, json } = await gate('mlp-mini=15,resnet-mini=1', { junit: join(dir, 'junit.xml') });
    expect(code).toBe(1);
    expect(json.gate.regressions).toEqual(['mlp-mini mock:cpu batch 1']);
    const resnet = json.comparison.configs.find((c: { model: string }) => c.model === 'resnet-mini');
    expect(resnet.verdict).toBe('unchanged');
    expect(out.err).toContain('dnnperf: gate failed: 1 regression (mlp-mini mock:cpu batch 1)');
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('failures="1"');
  }, 120_000);

  it('a uniform 20% shift is environment suspect (exit 2), not 3 regressions', async () => {
    const { code, out, json } = await gate('*=20');
    expect(code).toBe(2);
    expect(json.comparison.environmentSuspect).toBe(true);
    expect(out.err).toMatch(/dnnperf: environment suspect: 3 of 3 configurations moved together \(typically 1\.20x slower\)/);
  }, 120_000);

  it('paired mode runs a reference engine beside the candidate, pairs them up, and passes (exit 0)', async () => {
    const { code, json } = await gate('', { model: ['mlp-mini'], trials: 3, against: 'ref=mock' });
    expect(code).toBe(0);
    expect(json.comparison.base.label).toBe('ref (reference)');
    expect(json.comparison.configs).toHaveLength(1);
    expect(json.comparison.configs[0]).toMatchObject({ spec: 'ref:cpu', headSpec: 'mock:cpu', verdict: 'unchanged' });
  }, 120_000);
});
