/**
 * compare, gate, baseline and merge through the real executable (npm test builds dist/ first):
 * exit codes, and bad input as one line naming the file and the fix, exit 2, no stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendResult, RUN_FILE, type RunData, writeManifest } from '../../src/results/run-files.js';
import { suiteRun } from './fixtures.js';

const BIN = join(import.meta.dirname, '../../bin/dnnperf');

function dnnperf(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: '' } });
  return { code: r.status, stderr: r.stderr.trim(), stdout: r.stdout };
}

function expectOneLineError(r: ReturnType<typeof dnnperf>, pattern: RegExp) {
  expect(r.stderr.split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.code).toBe(2);
}

function save(dir: string, run: RunData, over: Partial<RunData['manifest']> = {}): string {
  const at = join(dir, over.runId ?? run.manifest.runId);
  writeManifest(at, { ...run.manifest, ...over });
  for (const r of run.results) appendResult(at, r);
  return at;
}

const dir = mkdtempSync(join(tmpdir(), 'dnnperf-cli-'));
const base = save(dir, suiteRun('base', 1, 6));
const slow = save(
  dir,
  suiteRun('slow', 2, 6, (m, b) => (m === 'mlp-mini' && b === 8 ? 1.15 : 1)),
);

describe('dnnperf compare / baseline / gate --run / merge', () => {
  it('compare exits 0; with --fail-on-regression 1 on a regression', () => {
    const r = dnnperf(dir, 'compare', base, slow);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('REGRESSION');
    const gated = dnnperf(dir, 'compare', base, slow, '--fail-on-regression');
    expect(gated.code).toBe(1);
    expect(gated.stderr).toBe('dnnperf: gate failed: 1 regression (mlp-mini ort:cpu batch 8)');
  });

  it('baseline save, then gate --run: 0 on the same build, 1 on a regression', () => {
    const saved = dnnperf(dir, 'baseline', 'save', base, '--baselines', join(dir, 'baselines'));
    expect(saved.code).toBe(0);
    expect(saved.stdout.trim()).toBe(join(dir, 'baselines', 'm-test', 'default.json'));
    expect(dnnperf(dir, 'gate', '--run', save(dir, suiteRun('same', 3, 6)), '--baselines', join(dir, 'baselines')).code).toBe(0);
    expect(dnnperf(dir, 'gate', '--run', slow, '--baselines', join(dir, 'baselines')).code).toBe(1);
  });

  describe('bad input: one line, exit 2', () => {
    it('no baseline for the machine', () => {
      expectOneLineError(
        dnnperf(dir, 'gate', '--run', base, '--baselines', join(dir, 'empty')),
        /^dnnperf: no baseline for machine m-test and suite default .*`dnnperf baseline save <run>`$/,
      );
    });
    it('a truncated baseline', () => {
      const path = join(dir, 'cut.json');
      const text = readFileSync(join(dir, 'baselines', 'm-test', 'default.json'), 'utf8');
      writeFileSync(path, text.slice(0, text.length / 2));
      expectOneLineError(
        dnnperf(dir, 'compare', path, base),
        /^dnnperf: .*cut\.json: not valid JSON .*: the baseline is damaged or truncated; restore it from git or save a new one/,
      );
    });
    it('a run of a newer schema major', () => {
      const newer = save(dir, suiteRun('newer', 1, 1), { runId: 'newer', schemaVersion: '2.0' });
      expectOneLineError(
        dnnperf(dir, 'compare', base, newer),
        /^dnnperf: .*newer.*run\.json: schema 2\.0 is newer than this dnnperf reads \(1\.x\): upgrade dnnperf to read it$/,
      );
    });
    it('a run file that is not a run', () => {
      const bad = join(dir, 'bad');
      save(dir, suiteRun('bad', 1, 1));
      writeFileSync(join(bad, RUN_FILE), '{"schemaVersion":"1.0","runId":3}');
      expectOneLineError(
        dnnperf(dir, 'compare', base, bad),
        /^dnnperf: .*bad\/run\.json: does not match the run schema \(runId: .*\): the file is damaged or truncated; re-run or point at another run$/,
      );
    });
    it('overlapping and missing shards', () => {
      const full = suiteRun('full', 1, 1);
      const shard = (i: number, index: number, count: number) =>
        save(dir, { ...full, results: full.results.filter((r) => r.config.index % count === index - 1) }, { runId: `s${i}`, shard: { index, count } });
      const [a, b, c] = [shard(1, 1, 3), shard(2, 2, 3), shard(3, 2, 3)];
      expectOneLineError(dnnperf(dir, 'merge', a, b, c, '--out', join(dir, 'm1')), /^dnnperf: shard 2\/3 given twice \(.*s2 and .*s3\): pass each shard once$/);
      expectOneLineError(dnnperf(dir, 'merge', a, b, '--out', join(dir, 'm2')), /^dnnperf: shard 3\/3 missing: merge needs all 3 shards$/);
    });
  });
});
