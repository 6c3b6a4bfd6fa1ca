import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASELINE_MAX_SAMPLES, baselineFromRun, baselinePath, readBaseline, sideFromBaseline, writeBaseline } from '../../src/compare/baseline.js';
import { compareSides } from '../../src/compare/compare.js';
import { sideFromRun } from '../../src/compare/side.js';
import { makeRun, suiteRun, synthTrials } from './fixtures.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'dnnperf-baseline-'));

describe('baselines', () => {
  it('save then read gives the side the gate compares with', () => {
    const dir = tmp();
    const run = suiteRun('r1', 1, 5);
    const { baseline, warnings } = baselineFromRun(run);
    expect(warnings).toEqual([]);
    const path = writeBaseline(dir, baseline);
    expect(path).toBe(join(dir, 'm-test', 'default.json'));
    expect(baselinePath(dir, 'm-test', 'default')).toBe(path);
    const side = sideFromBaseline(readBaseline(path));
    expect(side.label).toBe('baseline default (r1)');
    expect(side.configs).toHaveLength(10);
    expect(side.configs[0]!.trialMediansMs).toHaveLength(5);
    // Against the run it was made from: ratio 1 up to the rounding to 6 digits, no change.
    const c = compareSides(side, sideFromRun(run));
    for (const x of c.configs) expect(x.ratio).toBeCloseTo(1, 5);
    expect(c.counts.regression + c.counts.improvement).toBe(0);
  });

  it('is human-diffable: sorted keys, number arrays on one line, rounded times', () => {
    const dir = tmp();
    const path = writeBaseline(dir, baselineFromRun(suiteRun('r1', 1, 3)).baseline);
    const text = readFileSync(path, 'utf8');
    const topKeys = [...text.matchAll(/^ {2}"(\w+)":/gm)].map((m) => m[1]);
    expect(topKeys).toEqual(['configurations', 'createdAt', 'environment', 'machineKey', 'protocolVersion', 'runId', 'schemaVersion', 'suite']);
    expect(text).toMatch(/\n {6}"trialMediansMs": \[[\d., ]+\],\n/);
    const trialLine = text.match(/"trialMediansMs": \[([^\]]+)\]/)![1]!;
    for (const v of trialLine.split(', ')) expect(v.replace(/^0\.|\./, '').replace(/^0+/, '').length).toBeLessThanOrEqual(6);
  });

  it('caps raw samples, spread over all trials', () => {
    const run = makeRun('r', [{ model: 'x', trials: synthTrials(1, 1, 5, { samples: 300 }) }]);
    const c = baselineFromRun(run).baseline.configurations[0]!;
    expect(c.sampleCount).toBe(1500);
    expect(c.samplesMs).toHaveLength(BASELINE_MAX_SAMPLES);
    // Index floor(199 * 7.5) = 1492: sample 292 of the fifth trial.
    expect(c.samplesMs.at(-1)).toBe(Number(run.results[4]!.status === 'ok' && run.results[4]!.samplesMs[292]!.toPrecision(6)));
  });

  it('warns about too few trials and unmeasured configurations, refuses an empty run', () => {
    const run = makeRun('r', [
      { model: 'x', trials: synthTrials(1, 1, 1) },
      { model: 'y', trials: { status: 'unavailable', reason: 'no CUDA' } },
    ]);
    expect(baselineFromRun(run).warnings).toEqual([
      '1 configuration(s) have fewer than 3 trials: the gate will test raw samples for them, which understate run-to-run variance; save a run made with --trials 12',
      'y ort:cpu batch 1: unavailable (trial 0 unavailable: no CUDA): saved as such',
    ]);
    expect(() => baselineFromRun(makeRun('r', [{ model: 'y', trials: { status: 'failed', reason: 'boom' } }]))).toThrow(/no configuration measured ok/);
  });

  describe('bad files: one line naming the file and the fix', () => {
    const write = (text: string) => {
      const path = join(tmp(), 'default.json');
      writeFileSync(path, text);
      return path;
    };
    const good = () => `${JSON.stringify(baselineFromRun(suiteRun('r1', 1, 3)).baseline)}`;

    it('missing: says how to make one', () => {
      expect(() => readBaseline('/nonexistent/m/default.json')).toThrow(
        '/nonexistent/m/default.json: no baseline for this machine and suite: measure the suite with `dnnperf run <suite> --trials 12 --no-layers` and promote it with `dnnperf baseline save <run>`',
      );
    });
    it('truncated', () => {
      const path = write(good().slice(0, 500));
      expect(() => readBaseline(path)).toThrow(/not valid JSON .*: the baseline is damaged or truncated; restore it from git or save a new one/);
    });
    it('malformed: wrong shape', () => {
      const text = good().replace('"trialMediansMs":[', '"trialMediansMs":["x",');
      expect(() => readBaseline(write(text))).toThrow(/does not match the baseline schema \(configurations\.0\.trialMediansMs\.0: /);
    });
    it('newer schema major', () => {
      const path = write(good().replace(/"schemaVersion":"1\.\d+"/, '"schemaVersion":"2.0"'));
      expect(() => readBaseline(path)).toThrow(/schema 2\.0 is newer than this dnnperf reads \(1\.x\): upgrade dnnperf/);
    });
  });
});
