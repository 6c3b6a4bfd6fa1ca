/** The compare, baseline save and merge commands on synthetic runs written to disk (fast: no measuring). */
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineSaveCommand } from '../../src/cli/commands/baseline.js';
import { compareCommand } from '../../src/cli/commands/compare.js';
import { gateCommand } from '../../src/cli/commands/gate.js';
import { mergeCommand } from '../../src/cli/commands/merge.js';
import type { CommandIo } from '../../src/cli/io.js';
import { appendResult, RESULTS_FILE, type RunData, writeManifest } from '../../src/results/run-files.js';
import { makeEnv, makeRun, suiteRun, synthTrials } from './fixtures.js';

const root = () => mkdtempSync(join(tmpdir(), 'dnnperf-cmd-'));

function save(dir: string, run: RunData): string {
  const at = join(dir, run.manifest.runId);
  writeManifest(at, run.manifest);
  for (const r of run.results) appendResult(at, r);
  return at;
}

function io(env: NodeJS.ProcessEnv = {}): CommandIo & { out: string; err: string } {
  const o = {
    out: '',
    err: '',
    env,
    stdout: (t: string) => {
      o.out += t;
    },
    stderr: (t: string) => {
      o.err += t;
    },
  };
  return o;
}

const slowMlp = (m: string, b: number) => (m === 'mlp-mini' && b === 8 ? 1.15 : 1);

describe('one verdict for one set of data', () => {
  it('a one-process run, its baseline and gate --run judge a head alike (raw samples capped as a baseline keeps them)', async () => {
    const dir = root();
    const defs = (factor: number, seed: number) =>
      ['mlp-mini', 'resnet-mini'].map((model, i) => ({ model, trials: synthTrials(seed + i, (i + 1) * factor, 1, { samples: 3000, sampleSd: 0.3 }) }));
    const base = save(dir, makeRun('one-base', defs(1, 10)));
    const head = save(dir, makeRun('one-head', defs(1.02, 20)));
    const baselines = join(dir, 'baselines');
    expect(baselineSaveCommand(base, { baselines }, io())).toBe(0);
    const verdict = async (run: (o: ReturnType<typeof io>) => number | Promise<number>) => {
      const o = io();
      const code = await run(o);
      return [code, o.err.split('\n').find((l) => /^dnnperf: (gate|nothing|environment)/.test(l))];
    };
    const fromRun = await verdict((o) => compareCommand(base, head, { failOnRegression: true, threshold: 2, stepSummary: false }, o));
    const fromBaseline = await verdict((o) =>
      compareCommand(join(baselines, 'm-test', 'default.json'), head, { failOnRegression: true, threshold: 2, stepSummary: false }, o),
    );
    const fromGate = await verdict((o) =>
      gateCommand(undefined, { run: head, baselines, threshold: 2, stepSummary: false } as Parameters<typeof gateCommand>[1], o),
    );
    // Before samples were capped alike, the run (3000 samples a side) said regression here and its baseline (200) said pass.
    expect(fromRun).toEqual([0, 'dnnperf: gate passed: 2 configurations compared, no regression past the threshold']);
    expect(fromBaseline).toEqual(fromRun);
    expect(fromGate).toEqual(fromRun);
  });
});

describe('compare command', () => {
  it('prints the table, writes the files, appends the step summary; exit 0 without --fail-on-regression', () => {
    const dir = root();
    const base = save(dir, suiteRun('base', 1, 6));
    const head = save(dir, suiteRun('head', 2, 6, slowMlp));
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const out = io({ GITHUB_STEP_SUMMARY: summary });
    const code = compareCommand(
      base,
      head,
      { markdown: join(dir, 'out', 'c.md'), junit: join(dir, 'out', 'c.xml'), jsonFile: join(dir, 'out', 'c.json') },
      out,
    );
    expect(code).toBe(0);
    expect(out.out).toMatch(/^head vs base: threshold 5%, Holm-Bonferroni over 10 configurations/);
    expect(out.out).toMatch(/mlp-mini ort:cpu batch 8 +[\d.]+ ms +[\d.]+ ms +1\.1\dx slower \[[\d.]+, [\d.]+\] +<?[\d.]+ +(?:[\d.]+%|-) +REGRESSION/);
    expect(readFileSync(summary, 'utf8')).toMatch(/^# earlier step\n## dnnperf: head vs base/);
    expect(readFileSync(join(dir, 'out', 'c.xml'), 'utf8')).toContain('failures="1"');
    expect(JSON.parse(readFileSync(join(dir, 'out', 'c.json'), 'utf8')).gate.status).toBe('regression');
    expect(out.err).toContain(`dnnperf: wrote ${summary}`);
  });

  it('--fail-on-regression exits like the gate; --json prints JSON', () => {
    const dir = root();
    const base = save(dir, suiteRun('base', 1, 6));
    const head = save(dir, suiteRun('head', 2, 6, slowMlp));
    const out = io();
    expect(compareCommand(base, head, { failOnRegression: true, json: true, stepSummary: false }, out)).toBe(1);
    expect(JSON.parse(out.out).gate.regressions).toEqual(['mlp-mini ort:cpu batch 8']);
    expect(out.err).toContain('dnnperf: gate failed: 1 regression (mlp-mini ort:cpu batch 8)');
    const uniform = save(
      dir,
      suiteRun('uniform', 3, 6, () => 1.2),
    );
    expect(compareCommand(base, uniform, { failOnRegression: true }, io())).toBe(2);
  });

  it('takes a baseline file as either side', () => {
    const dir = root();
    const base = save(dir, suiteRun('base', 1, 6));
    const saved = io();
    expect(baselineSaveCommand(base, { baselines: join(dir, 'baselines') }, saved)).toBe(0);
    const path = saved.out.trim();
    expect(path).toBe(join(dir, 'baselines', 'm-test', 'default.json'));
    expect(saved.err).toContain('as the default baseline of machine m-test; commit');
    const out = io();
    compareCommand(path, save(dir, suiteRun('head', 2, 6)), { stepSummary: false }, out);
    expect(out.out).toMatch(/^head vs baseline default \(base\)/);
  });

  it('--reference compares the engines inside one run, paired', () => {
    const dir = root();
    const t = synthTrials(1, 2, 6);
    const run = makeRun('two-engines', [
      { model: 'mlp-mini', spec: 'ort:cpu', trials: t.map((s) => s.map((v) => v * 1.2)) },
      { model: 'mlp-mini', spec: 'ref:cpu', trials: t },
    ]);
    const out = io();
    expect(compareCommand(save(dir, run), undefined, { reference: 'ref', json: true, failOnRegression: true }, out)).toBe(1);
    const c = JSON.parse(out.out).comparison;
    expect([c.base.label, c.head.label]).toEqual(['ref (reference)', 'ort']);
    expect(c.configs[0]).toMatchObject({ spec: 'ref:cpu', headSpec: 'ort:cpu', verdict: 'regression' });
    expect(() => compareCommand(save(dir, { ...run, manifest: { ...run.manifest, runId: 'r2' } }), undefined, { reference: 'nope' }, io())).toThrow(
      /^r2: has no configurations of nope to pair \(it has ort, ref\): name engines it holds$/,
    );
    expect(() => compareCommand(dir, undefined, {}, io())).toThrow(/give a second run to compare with, or --reference <alias>/);
  });

  it('--reference with --head pairs two of several engines (two cuDNN paths beside another engine)', () => {
    const dir = root();
    const t = synthTrials(3, 2, 6);
    const run = makeRun('three-engines', [
      { model: 'mlp-mini', spec: 'cudnn914:cpu', trials: t },
      { model: 'mlp-mini', spec: 'cudnn919:cpu', trials: t.map((s) => s.map((v) => v * 0.8)) },
      { model: 'mlp-mini', spec: 'other:cpu', trials: t.map((s) => s.map((v) => v * 1.5)) },
    ]);
    const path = save(dir, run);
    expect(() => compareCommand(path, undefined, { reference: 'cudnn914' }, io())).toThrow(
      /^three-engines: engines cudnn919 and other both measured mlp-mini other:cpu batch 1 against reference cudnn914: pick one with --head <alias>$/,
    );
    const out = io();
    expect(compareCommand(path, undefined, { reference: 'cudnn914', head: 'cudnn919', json: true, failOnRegression: true }, out)).toBe(0);
    const c = JSON.parse(out.out).comparison;
    expect([c.base.label, c.head.label]).toEqual(['cudnn914 (reference)', 'cudnn919']);
    expect(c.configs).toHaveLength(1);
    expect(c.configs[0]).toMatchObject({ spec: 'cudnn914:cpu', headSpec: 'cudnn919:cpu', verdict: 'improvement' });
    expect(c.configs[0].ratio).toBeCloseTo(0.8, 5);
    expect(() => compareCommand(path, undefined, { head: 'cudnn919' }, io())).toThrow(
      /^--head cudnn919 picks an engine inside one run: use it with --reference <alias>$/,
    );
    expect(() => compareCommand(path, undefined, { reference: 'other', head: 'other' }, io())).toThrow(/^--head other is the reference engine too/);
  });

  it('an unknown suite falls back to the default threshold, and says so', () => {
    const dir = root();
    const a = suiteRun('a', 1, 3);
    a.manifest.suite = 'gone';
    const out = io();
    compareCommand(save(dir, a), save(dir, a), {}, out);
    expect(out.err).toContain("dnnperf: suite 'gone' not found here: using the default 5% threshold (--suite or --threshold to choose)");
  });

  describe('bad input: one line naming the file and the fix', () => {
    it('a folder that is not a run', () => {
      expect(() => compareCommand(root(), root(), {}, io())).toThrow(/no run\.json here: give the folder of a run/);
    });
    it('a results file damaged in the middle', () => {
      const dir = root();
      const base = save(dir, suiteRun('base', 1, 3));
      const text = readFileSync(join(base, RESULTS_FILE), 'utf8').split('\n');
      text[2] = text[2]!.slice(0, 40);
      writeFileSync(join(base, RESULTS_FILE), text.join('\n'));
      expect(() => compareCommand(base, base, {}, io())).toThrow(/results\.jsonl:3: not valid JSON \(.*\): the results file is damaged; re-run$/);
    });
    it('a truncated last line is a warning, not an error', () => {
      const dir = root();
      const base = save(dir, suiteRun('base', 1, 3));
      appendFileSync(join(base, RESULTS_FILE), '{"schemaVersion":"1.0","con');
      const out = io();
      compareCommand(base, base, {}, out);
      expect(out.err).toMatch(/warning: .*results\.jsonl:31: last line cut off \(interrupted run\): ignored/);
    });
    it('a newer schema major', () => {
      const dir = root();
      const run = suiteRun('base', 1, 3);
      run.manifest.schemaVersion = '2.1';
      expect(() => compareCommand(save(dir, run), save(dir, suiteRun('b', 1, 3)), {}, io())).toThrow(
        /schema 2\.1 is newer than this dnnperf reads \(1\.x\): upgrade dnnperf/,
      );
    });
  });
});

describe('gate --run: judging an existing run (merged shards) against the baseline', () => {
  const setup = () => {
    const dir = root();
    const baselines = join(dir, 'baselines');
    baselineSaveCommand(save(dir, suiteRun('base', 1, 6)), { baselines }, io());
    return { dir, baselines };
  };
  const gate = (dir: string, baselines: string, run: RunData, extra: object = {}) =>
    gateCommand(undefined, { run: save(dir, run), baselines, stepSummary: false, layers: false, fetch: false, ...extra } as never, io());

  it('exit 0 on the same build, 1 on a planted regression, 2 on a uniform shift', async () => {
    const { dir, baselines } = setup();
    expect(await gate(dir, baselines, suiteRun('same', 2, 6))).toBe(0);
    expect(await gate(dir, baselines, suiteRun('slow', 3, 6, slowMlp))).toBe(1);
    expect(
      await gate(
        dir,
        baselines,
        suiteRun('shift', 4, 6, () => 1.2),
      ),
    ).toBe(2);
  });

  it('no baseline for the machine: names the baselines that exist and the command that makes one', async () => {
    const { dir, baselines } = setup();
    const other = suiteRun('other', 2, 6, () => 1, makeEnv({ machineKey: 'm-new' }));
    await expect(gate(dir, baselines, other)).rejects.toThrow(
      /^no baseline for machine m-new and suite default \(.*m-new\/default\.json\); baselines exist for m-test: measure one with `dnnperf run default --trials 12 .*` and promote it with `dnnperf baseline save <run>`$/,
    );
  });

  it('a run of another suite is refused', async () => {
    const { dir, baselines } = setup();
    const vision = suiteRun('v', 2, 6);
    vision.manifest.suite = 'vision';
    await expect(gateCommand('default', { run: save(dir, vision), baselines, stepSummary: false, layers: false, fetch: false } as never, io())).rejects.toThrow(
      /v: a run of suite 'vision', not 'default': judge it against its own suite's baseline$/,
    );
  });

  it('a baseline of another suite is refused', async () => {
    const { dir, baselines } = setup();
    const path = join(baselines, 'm-test', 'default.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"suite": "default"', '"suite": "vision"'));
    await expect(gate(dir, baselines, suiteRun('x', 2, 6), { baseline: path })).rejects.toThrow(
      /default\.json: a baseline of suite 'vision', but the gate runs suite 'default': pass the baseline of default$/,
    );
  });
});

describe('merge command', () => {
  it('prints the merged run folder', () => {
    const dir = root();
    const full = suiteRun('full', 1, 1);
    const shards = [1, 2].map((index) => {
      const mine = full.manifest.configurations.filter((c) => c.index % 2 === index - 1);
      const keys = new Set(mine.map((c) => c.key));
      return save(dir, {
        ...full,
        manifest: { ...full.manifest, runId: `s${index}`, configurations: mine, shard: { index, count: 2 } },
        results: full.results.filter((r) => keys.has(r.config.key)),
      });
    });
    const out = io();
    expect(mergeCommand(shards, { out: join(dir, 'merged') }, out)).toBe(0);
    expect(out.out).toBe(`${join(dir, 'merged')}\n`);
    expect(out.err).toContain('merged 2 shards, 10 results');
  });
});
