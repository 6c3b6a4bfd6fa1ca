import { describe, expect, it } from 'vitest';
import { compareSides } from '../../src/compare/compare.js';
import { sideFromRun } from '../../src/compare/side.js';
import { makeEnv, makeRun, suiteRun, synthTrials } from './fixtures.js';

const compareRuns = (a: ReturnType<typeof suiteRun>, b: ReturnType<typeof suiteRun>, options = {}) => compareSides(sideFromRun(a), sideFromRun(b), options);

describe('compareSides', () => {
  it('A/A: the same build twice gives no regression', () => {
    const c = compareRuns(suiteRun('a', 1, 6), suiteRun('b', 2, 6));
    expect(c.counts.regression).toBe(0);
    expect(c.counts.improvement).toBe(0);
    expect(c.environmentSuspect).toBe(false);
    expect(c.configs).toHaveLength(10);
    expect(c.correction).toBe('Holm-Bonferroni over 10 configurations (alpha 0.05)');
  });

  it('a planted 15% slowdown in one configuration is a regression, and only that one', () => {
    const head = suiteRun('b', 2, 6, (m, b) => (m === 'mlp-mini' && b === 8 ? 1.15 : 1));
    const c = compareRuns(suiteRun('a', 1, 6), head);
    const regressed = c.configs.filter((x) => x.verdict === 'regression');
    expect(regressed.map((x) => `${x.model}/${x.batch}`)).toEqual(['mlp-mini/8']);
    expect(regressed[0]!.ratio).toBeGreaterThan(1.1);
    expect(regressed[0]!.ratioCiLow).toBeGreaterThan(1);
    expect(regressed[0]!.pAdjusted).toBeLessThan(0.05);
    expect(regressed[0]!.baseTrialMediansMs).toHaveLength(6);
  });

  it('a 1% slowdown is not a regression', () => {
    const head = suiteRun('b', 2, 6, (m) => (m === 'resnet-mini' ? 1.01 : 1));
    expect(compareRuns(suiteRun('a', 1, 6), head).counts.regression).toBe(0);
  });

  it('a 15% speed-up is an improvement', () => {
    const head = suiteRun('b', 2, 6, (m, b) => (m === 'detector-mini' && b === 1 ? 1 / 1.15 : 1));
    const c = compareRuns(suiteRun('a', 1, 6), head);
    expect(c.configs.filter((x) => x.verdict === 'improvement').map((x) => x.model)).toEqual(['detector-mini']);
  });

  it('a uniform 20% shift of everything is environment suspect', () => {
    const c = compareRuns(
      suiteRun('a', 1, 6),
      suiteRun('b', 2, 6, () => 1.2),
    );
    expect(c.environmentSuspect).toBe(true);
    expect(c.environmentSuspectReason).toMatch(/^10 of 10 configurations moved together \(typically 1\.\d\dx slower\)/);
  });

  it('no drift guard in paired mode: a uniform shift is real there', () => {
    const c = compareRuns(
      suiteRun('a', 1, 6),
      suiteRun('b', 2, 6, () => 1.2),
      { driftGuard: false },
    );
    expect(c.environmentSuspect).toBe(false);
    expect(c.counts.regression).toBe(10);
  });

  it('lists configurations on one side only and failed ones, never drops them', () => {
    const t = synthTrials(1, 2, 3);
    const base = makeRun('a', [
      { model: 'x', trials: t },
      { model: 'gone', trials: t },
      { model: 'broken', trials: t },
    ]);
    const head = makeRun('b', [
      { model: 'x', trials: t },
      { model: 'broken', trials: { status: 'failed', reason: 'child crashed (SIGSEGV)' } },
      { model: 'new', trials: t },
    ]);
    const c = compareRuns(base, head);
    expect(c.onlyInBase.map((x) => x.label)).toEqual(['gone ort:cpu batch 1']);
    expect(c.onlyInHead.map((x) => x.label)).toEqual(['new ort:cpu batch 1']);
    expect(c.notComparable).toEqual([
      expect.objectContaining({
        label: 'broken ort:cpu batch 1',
        reason: 'head failed: trial 0 failed: child crashed (SIGSEGV) (all 3 trials)',
        baseStatus: 'ok',
        headStatus: 'failed',
      }),
    ]);
    expect(c.configs.map((x) => x.model)).toEqual(['x']);
  });

  it('an interrupted head run: unmeasured configurations are newly failing, partial ones noted', () => {
    const base = suiteRun('a', 1, 3);
    const head = suiteRun('b', 2, 3);
    // Keep trial 0 of everything and trial 1 of the first 4 configurations, as if Ctrl-C came then.
    head.results = head.results.filter((r) => r.config.trial === 0 || (r.config.trial === 1 && r.config.index < 4));
    const partial = suiteRun('c', 3, 3);
    partial.results = partial.results.filter((r) => r.config.index !== 9);
    const c = compareRuns(base, head);
    expect(c.configs[0]!.notes).toContain('head: 1 planned trial(s) not measured (interrupted run?)');
    expect(c.configs[9]!.notes).toContain('head: 2 planned trial(s) not measured (interrupted run?)');
    const missing = compareRuns(base, partial).notComparable;
    expect(missing).toEqual([
      expect.objectContaining({
        label: 'detector-mini ort:cpu batch 8',
        headStatus: 'failed',
        reason: 'head failed: 3 planned trial(s) not measured (interrupted run?)',
      }),
    ]);
  });

  it('refuses another machine unless forced', () => {
    const other = suiteRun('b', 2, 3, () => 1, makeEnv({ machineKey: 'm-other', cpu: { model: 'Other CPU', cores: 8 } }));
    expect(() => compareRuns(suiteRun('a', 1, 3), other)).toThrow(
      /a ran on machine m-test \(Test CPU @ 3.0GHz\), b on m-other \(Other CPU\): timings from different machines do not compare; run both on one machine, or pass --force/,
    );
    const c = compareRuns(suiteRun('a', 1, 3), other, { force: true });
    expect(c.environmentDiffs.map((d) => d.field)).toEqual(['machineKey', 'cpu.model', 'cpu.cores', 'cpu.governor']);
  });

  it('lists environment differences', () => {
    const env = makeEnv({ engines: { ort: { version: '1.30.0' } }, node: 'v22.1.0' });
    const c = compareRuns(
      suiteRun('a', 1, 3),
      suiteRun('b', 2, 3, () => 1, env),
    );
    expect(c.environmentDiffs).toEqual([
      { field: 'node', base: 'v20.19.0', head: 'v22.1.0' },
      { field: 'engines.ort.version', base: '1.29.0', head: '1.30.0' },
    ]);
  });

  it('with fewer than 3 trials it tests raw samples and says why that is weaker', () => {
    const c = compareRuns(suiteRun('a', 1, 1), suiteRun('b', 2, 1));
    expect(c.configs[0]!.notes[0]).toBe(
      'fewer than 3 trials (base 1, head 1): tested on raw samples from one process, which understate run-to-run variance; measure with --trials 6',
    );
  });

  it('paired mode matches two engines of the same configuration', () => {
    const t = synthTrials(1, 2, 5);
    const slow = t.map((s) => s.map((v) => v * 1.3));
    const base = makeRun('a', [{ model: 'x', spec: 'ort:cpu', trials: t }]);
    const head = makeRun('a', [{ model: 'x', spec: 'ortnext:cpu', trials: slow, engineVersion: '1.30.0' }]);
    expect(compareRuns(base, head).configs).toHaveLength(0);
    const c = compareRuns(base, head, { match: 'ignore-engine', driftGuard: false });
    expect(c.configs).toHaveLength(1);
    expect(c.configs[0]).toMatchObject({ spec: 'ort:cpu', headSpec: 'ortnext:cpu', verdict: 'regression' });
    expect(c.configs[0]!.notes).toContain('engine version 1.29.0 -> 1.30.0');
  });

  it('applies per-model thresholds', () => {
    const head = suiteRun('b', 2, 6, (m, b) => (m === 'mlp-mini' && b === 8 ? 1.15 : 1));
    const c = compareRuns(suiteRun('a', 1, 6), head, { thresholds: { defaultPct: 5, perModelPct: { 'mlp-mini': 20 } } });
    const mlp = c.configs.find((x) => x.model === 'mlp-mini' && x.batch === 8)!;
    expect(mlp.thresholdPct).toBe(20);
    expect(mlp.verdict).not.toBe('regression');
  });

  it('is deterministic', () => {
    const a = suiteRun('a', 1, 6);
    const b = suiteRun('b', 2, 6, () => 1.07);
    expect(compareRuns(a, b)).toEqual(compareRuns(a, b));
  });
});

describe('protocol versions', () => {
  it('refuses to judge a run against a base measured with another protocol version, in one line, unless forced', () => {
    const base = { ...sideFromRun(suiteRun('a', 1, 6)), protocolVersion: 0 };
    const head = sideFromRun(suiteRun('b', 2, 6));
    expect(head.protocolVersion).toBe(1);
    expect(() => compareSides(base, head)).toThrow(
      /^a was measured with protocol 0 \(unknown to this dnnperf\), b with protocol 1 \(fixed-time warm-up, .*\): medians differ between protocols; measure both with one protocol \(`dnnperf run --protocol 0` measures the way the base was; .*\), or pass --force$/,
    );
    expect(compareSides(base, head, { force: true }).configs).toHaveLength(10);
  });
});
