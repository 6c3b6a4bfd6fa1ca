/**
 * Nothing lost, nothing hidden, through the real executable (bin/dnnperf; npm test builds
 * dist/ first): a run id that exists, output paths on special and read-only file systems, a
 * cut run given to baseline save, gate --run and compare --fail-on-regression, and an
 * unexpected error. Each: its exit code, its lines, and nothing on disk changed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBuiltinModel } from '../../src/models/builtin/write.js';
import { suiteRun } from '../compare/fixtures.js';
import { cutLastLine, saveRun, snapshotTree } from '../helpers/run-folders.js';
import { procPath, readOnlyMount } from '../helpers/special-paths.js';
import { tempDir } from '../helpers/tmp.js';

const BIN = join(import.meta.dirname, '../../bin/dnnperf');
const scratch = tempDir('dnnperf-robust-');
const ENV = { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: '', DNNPERF_CACHE_DIR: join(scratch, 'cache') };

function dnnperf(args: string[], env: NodeJS.ProcessEnv = {}) {
  // A timeout, so a hang (Node's recursive mkdir on /proc) fails the test instead of stalling it.
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: scratch, encoding: 'utf8', env: { ...ENV, ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.trim(), lines: r.stderr.trim().split('\n').filter(Boolean) };
}

function expectOneLine(r: ReturnType<typeof dnnperf>, code: number, pattern: RegExp) {
  expect(r.lines).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.code).toBe(code);
}

describe('a run id that exists', () => {
  it('is refused before anything is measured; the earlier run is untouched', async () => {
    const model = (await writeBuiltinModel('mlp-mini', scratch)).path;
    const out = join(scratch, 'reports');
    const taken = saveRun(out, suiteRun('rA', 1, 1));
    const before = snapshotTree(scratch);
    const r = dnnperf(['run', '--model', model, '--out', out, '--run-id', 'rA']);
    expectOneLine(
      r,
      2,
      /^dnnperf: run .*reports\/rA already exists: choose another --run-id, or pass --replace to delete it and measure again, or --resume to measure only what it lacks$/,
    );
    expect(snapshotTree(scratch)).toEqual(before);
    expect(readFileSync(join(taken, 'run.json'), 'utf8')).toContain('"runId": "rA"');
  });
});

describe('output paths that cannot be written', () => {
  const proc = procPath();
  it.skipIf(!proc)("under /proc: one line at once, no hang (Node's recursive mkdir never returns there)", () => {
    const before = snapshotTree(scratch);
    expectOneLine(
      dnnperf(['run', '--model', 'mlp-mini', '--out', `${proc}/x`]),
      2,
      /^dnnperf: --out \/proc\/dnnperf-test\/x: \/proc is on procfs, a kernel file system that holds no files: choose a folder on a disk$/,
    );
    expectOneLine(
      dnnperf(['compare', 'a', 'b', '--json-file', `${proc}/x/c.json`]),
      2,
      /^dnnperf: --json-file \/proc\/dnnperf-test\/x\/c\.json: \/proc is on procfs/,
    );
    expect(snapshotTree(scratch)).toEqual(before);
  });

  const roDir = join(scratch, 'read-only');
  mkdirSync(roDir);
  const ro = readOnlyMount(roDir);
  const why = 'unavailable' in ro ? ro.unavailable : '';
  it.skipIf('unavailable' in ro)(
    `on a read-only file system (root is not stopped by chmod, a read-only mount stops everyone)${why ? `: skipped, ${why}` : ''}`,
    () => {
      if ('unavailable' in ro) return;
      const run = ro.run(roDir, process.execPath, [BIN, 'run', '--model', 'mlp-mini', '--out', join(roDir, 'reports')], { cwd: scratch, env: ENV });
      expect(run.stderr.trim()).toMatch(/^dnnperf: --out .*read-only\/reports: .*read-only is on a read-only file system: choose a folder you can write$/);
      expect(run.status).toBe(2);
      const json = ro.run(roDir, process.execPath, [BIN, 'compare', 'a', 'b', '--junit', join(roDir, 'j.xml')], { cwd: scratch, env: ENV });
      expect(json.stderr.trim()).toMatch(/^dnnperf: --junit .*read-only\/j\.xml: .*read-only is on a read-only file system/);
      expect(json.status).toBe(2);
    },
  );
});

describe('a cut run (interrupted while writing its last line)', () => {
  const runs = join(scratch, 'judged');
  const baselines = join(scratch, 'baselines');
  const good = saveRun(runs, suiteRun('good', 1, 6));
  const cut = saveRun(runs, suiteRun('cut', 2, 6));
  cutLastLine(cut);
  const missing =
    '1 of 60 planned measurements have no finished result (detector-mini ort:cpu batch 8), and its last result line was cut off (results.jsonl:60)';

  it('never replaces a good baseline; --force saves it and says what is missing', () => {
    expect(dnnperf(['baseline', 'save', good, '--baselines', baselines]).code).toBe(0);
    const before = snapshotTree(scratch);
    const refused = dnnperf(['baseline', 'save', cut, '--baselines', baselines]);
    expectOneLine(
      refused,
      2,
      new RegExp(
        `^dnnperf: .*cut is incomplete and never becomes a baseline: ${missing.replace(/[().]/g, '\\$&')}; finish it with the same \`dnnperf run\` flags plus --run-id cut --resume`,
      ),
    );
    expect(snapshotTree(scratch)).toEqual(before);
    const forced = dnnperf(['baseline', 'save', cut, '--baselines', join(scratch, 'forced'), '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain(`dnnperf: warning: saved an incomplete run (--force): ${missing}; what has no result is stored as failed`);
  });

  it('gate --run and compare --fail-on-regression give the same verdict: exit 2, naming what is incomplete', () => {
    const baseline = join(baselines, 'm-test', 'default.json');
    const gate = dnnperf(['gate', '--run', cut, '--baselines', baselines]);
    const compare = dnnperf(['compare', baseline, cut, '--fail-on-regression']);
    for (const r of [gate, compare]) {
      expect(r.code).toBe(2);
      expect(r.lines[0]).toBe(`dnnperf: warning: ${cut}/results.jsonl:60: last line cut off (interrupted run): ignored`);
      expect(r.lines.at(-1)).toMatch(
        /^dnnperf: gate cannot pass: 1 configuration incomplete \(detector-mini ort:cpu batch 8 \(head: 5 of 6 planned trials measured\)\); head cut: last result line cut off \(results\.jsonl:60\): an interrupted write; 10 configurations compared without a regression: finish the run \(dnnperf run <same flags> --run-id <id> --resume\) or measure it again$/,
      );
      expect(r.stdout).toContain('incomplete (planned measurements without a result):\n  head: cut: last result line cut off');
    }
    expect(compare.lines.at(-1)).toBe(gate.lines.at(-1));
  });

  it('nothing compared is exit 2, never a pass', () => {
    const empty = saveRun(runs, { ...suiteRun('empty', 3, 1), results: [] });
    const r = dnnperf(['compare', empty, good, '--fail-on-regression']);
    expect(r.code).toBe(2);
    expect(r.lines.at(-1)).toMatch(
      /^dnnperf: nothing compared: no configuration was measured ok on both sides \(10 not comparable\); 10 incomplete configurations .*: compare runs of the same suite and matrix, measured to the end$/,
    );
  });
});

describe('an unexpected error (a bug)', () => {
  const plant = { NODE_OPTIONS: `--import ${join(import.meta.dirname, 'fixtures/plant-bug.mjs')}` };
  it('is one line asking for a report with the command, the stack only with DNNPERF_DEBUG', () => {
    const r = dnnperf(['--version'], { ...plant, DNNPERF_PLANT: 'sync' });
    expectOneLine(
      r,
      2,
      /^dnnperf: internal error \(TypeError: planted: cannot write\): this is a bug: please report it with the command `dnnperf --version` \(set DNNPERF_DEBUG=1 for the stack trace\)$/,
    );
    const debug = dnnperf(['--version'], { ...plant, DNNPERF_PLANT: 'sync', DNNPERF_DEBUG: '1' });
    expect(debug.lines[0]).toBe(
      'dnnperf: internal error (TypeError: planted: cannot write): this is a bug: please report it with the command `dnnperf --version`',
    );
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
  it('thrown outside the command (an event, a timer): the same line', () => {
    const r = dnnperf(['--version'], { ...plant, DNNPERF_PLANT: 'stray' });
    expectOneLine(r, 2, /^dnnperf: internal error \(RangeError: planted: stray\): this is a bug: please report it with the command `dnnperf --version`/);
  });
});
