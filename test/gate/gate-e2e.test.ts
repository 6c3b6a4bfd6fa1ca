/**
 * The gate end to end with the seeded mock engine: real runs (one child process per trial),
 * a saved baseline, planted slowdowns and disturbances. Three models at batch 1, a baseline of
 * 5 trials and gates of 4 keep it to about 12 children per run: with every process drawing its
 * own level (1% spread), 4 head against 5 base trials is the fewest where Bonferroni over 3
 * configurations can reach significance (smallest p 2 / C(9, 4) = 0.016 < 0.05 / 3).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { baselineSaveCommand } from '../../src/cli/commands/baseline.js';
import { gateCommand } from '../../src/cli/commands/gate.js';
import type { CommandIo } from '../../src/cli/io.js';
import { PROTOCOL_VERSION } from '../../src/results/protocol-version.js';
import { runSuite } from '../../src/run/run-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'dnnperf-gate-'));
const baselines = join(dir, 'baselines');
const models = ['mlp-mini', 'resnet-mini', 'detector-mini'];
const protocol = { minTimeMs: 1, maxTimeMs: 50, warmupMs: 0, warmupIterations: 1, minSamples: 20 };
const flags = {
  backend: ['mock:cpu'],
  model: models,
  batch: '1',
  trials: 4,
  maxTrials: 4,
  out: join(dir, 'reports'),
  minTime: 0.001,
  maxTime: 0.05,
  warmupTime: 0.000001,
  warmupRuns: 1,
  minSamples: 20,
  layers: false,
  fetch: false,
  baselines,
  stepSummary: false,
  junit: '',
  json: true,
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
  delete process.env['DNNPERF_MOCK_DISTURB'];
});

describe('gate with the mock engine', () => {
  beforeAll(async () => {
    const run = await runSuite({
      suite: 'default',
      models,
      backends: ['mock:cpu'],
      batches: [1],
      trials: 5,
      layers: false,
      fetch: false,
      outDir: join(dir, 'reports'),
      protocol,
    });
    const out = io();
    expect(baselineSaveCommand(run.dir, { baselines }, out)).toBe(0);
  }, 240_000);

  it('no baseline for the machine: exit 2 via DnnperfError, naming baseline save', async () => {
    await expect(gateCommand('default', { ...flags, baselines: join(dir, 'none') } as never, io())).rejects.toThrow(
      /^no baseline for machine .* and suite default \(.*\): measure one with `dnnperf run default --trials 12 --no-layers --warmup-time 0.2 --min-time 0.3 --max-time 2` and promote it with `dnnperf baseline save <run>`$/,
    );
  });

  it('a baseline of another protocol version is refused before anything is measured, naming both ways out', async () => {
    const runsBefore = readdirSync(join(dir, 'reports')).length;
    await expect(gateCommand('default', { ...flags, protocol: 2 } as never, io())).rejects.toThrow(
      new RegExp(
        `^.*default\\.json: a baseline measured with protocol ${PROTOCOL_VERSION} \\(.*\\), and this gate measures with protocol 2 \\(warm-up until the rate is stable.*\\): ` +
          `medians differ between protocols; save a new baseline \\(\`dnnperf run default --trials 12 .* --protocol 2\`, then \`dnnperf baseline save <run>\`\\), or gate with --protocol ${PROTOCOL_VERSION} to measure the way the baseline was$`,
      ),
    );
    expect(readdirSync(join(dir, 'reports'))).toHaveLength(runsBefore);
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

  it('a configuration undecided at the first look is measured again, alone, until decided', async () => {
    // 3 head trials can never be significant (smallest p 2 / C(8, 3) = 0.036): mlp-mini needs a second look.
    const { code, json } = await gate('mlp-mini=15', { trials: 3, maxTrials: 9 });
    expect(code).toBe(1);
    expect(json.comparison.sequential).toMatchObject({ looks: 2, stoppedBy: 'decided', firstTrials: 3, stepTrials: 3, maxTrials: 9 });
    const trials = Object.fromEntries(
      json.comparison.configs.map((c: { model: string; headTrialMediansMs: number[] }) => [c.model, c.headTrialMediansMs.length]),
    );
    expect(trials).toEqual({ 'mlp-mini': 6, 'resnet-mini': 3, 'detector-mini': 3 });
    expect(json.gate.regressions).toEqual(['mlp-mini mock:cpu batch 1']);
    expect(json.comparison.correction).toMatch(/^group-sequential: Pocock-type alpha spending/);
    expect(json.comparison.configs[0].mdePct).toBeGreaterThan(5);
  }, 120_000);

  it('a trial measured on a busy machine is set aside and measured again; a machine busy throughout is environment suspect (exit 2)', async () => {
    process.env['DNNPERF_MOCK_DISTURB'] = 'resnet-mini=1';
    const once = await gate('', { maxTrials: 7 });
    expect(once.code).toBe(0);
    const resnet = once.json.comparison.configs.find((c: { model: string }) => c.model === 'resnet-mini');
    expect(resnet.headTrialMediansMs).toHaveLength(6);
    expect(resnet.notes).toContain('1 trial(s) measured on a disturbed machine were set aside and measured again');

    process.env['DNNPERF_MOCK_DISTURB'] = 'resnet-mini=*';
    const always = await gate('', { maxTrials: 7 });
    expect(always.code).toBe(2);
    expect(always.out.err).toMatch(
      /^dnnperf: environment suspect: 1 of 3 configurations measured on a disturbed machine \(resnet-mini mock:cpu batch 1: head 7 of 7 trials, first trial 0: other processes used 1\.50 of 2 CPUs .*\): the timings cannot be judged; stop what else runs/m,
    );
  }, 180_000);
});
