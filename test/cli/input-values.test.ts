/**
 * `--input name=<spec>` through the real executable, on a model whose path depends on an
 * int64 scalar (y = If(mode == 7, x, Reshape(x, [-1, 5]))): random values fail the first run
 * with a hint naming `mode`, given values run. Bad specs: one line, exit 2. Needs dist/.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConfigResult } from '../../src/results/schema.js';
import { writeBranchingModel } from '../helpers/branching-model.js';
import { writeNpy, writePb } from '../helpers/tensor-files.js';
import { tempDir, writeSuite } from '../helpers/tmp.js';

const BIN = join(import.meta.dirname, '../../bin/dnnperf');
const FAST = ['--min-time', '0.02', '--max-time', '0.3', '--warmup-time', '0.005', '--warmup-runs', '2', '--min-samples', '10', '--no-layers', '--no-report'];

let dir: string;
let model: string;
let files: Record<string, string>;

function dnnperf(...args: string[]) {
  return dnnperfRun('--model', model, ...args);
}

function dnnperfRun(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'run', '--out', join(dir, 'out'), '--cache-dir', join(dir, 'cache'), ...FAST, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stderr: r.stderr.trim(), stdout: r.stdout };
}

function results(r: ReturnType<typeof dnnperf>): ConfigResult[] {
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { results: ConfigResult[] }).results;
}

function expectOneLineError(r: ReturnType<typeof dnnperf>, message: string) {
  expect(r.code).toBe(2);
  expect(r.stderr.split('\n')).toHaveLength(1);
  expect(r.stderr).toBe(`dnnperf: ${message}`);
}

beforeAll(() => {
  dir = tempDir();
  model = writeBranchingModel(dir);
  files = {
    sevenNpy: writeNpy(join(dir, 'seven.npy'), 'int64', [], BigInt64Array.from([7n])),
    sevenPb: writePb(join(dir, 'seven.pb'), 'mode', 'int64', [], BigInt64Array.from([7n])),
    xPb: writePb(join(dir, 'x.pb'), 'x', 'float32', [1, 3], Float32Array.from([1, 2, 3])),
    x2Npy: writeNpy(join(dir, 'x2.npy'), 'float32', [2, 3], new Float32Array(6)),
    x14Npy: writeNpy(join(dir, 'x14.npy'), 'float32', [1, 4], new Float32Array(4)),
  };
});

describe('an If on an int64 scalar input', () => {
  let randomKey: string;

  it('fails its first run under random inputs, with a one-line hint naming the input and the flag', () => {
    const r = dnnperf();
    expect(r.code).toBe(1);
    const line = r.stdout.trim().split('\n').pop()!;
    expect(line).toMatch(
      /^branching ort:cpu batch 1: FAILED \(first-run\): Non-zero status code returned while running If node\. .*requested shape:\{-1,5\}; hint: random values likely do not suit 'mode' \(int64 scalar; feeds an If condition\): give them with --input mode=<value>$/,
    );
    const [failed] = results(dnnperf('--json'));
    expect(failed).toMatchObject({ status: 'failed', phase: 'first-run', config: { inputSource: 'generated', inputValues: { x: 'random', mode: 'random' } } });
    randomKey = failed!.config.key;
  });

  it('runs with --input mode=7 (x=ones), recording where every input came from; given values make another configuration', () => {
    const [r] = results(dnnperf('--input', 'mode=7', '--input', 'x=ones', '--json'));
    expect(r).toMatchObject({ status: 'ok', config: { inputSource: 'given', inputValues: { x: 'ones', mode: 'constant 7' } } });
    expect(r!.config.key).not.toBe(randomKey);
  });
});

describe('each spec form through the CLI (constant and ones above)', () => {
  it('int:LOW..HIGH and uniform:LOW..HIGH', () => {
    const [r] = results(dnnperf('--input', 'mode=int:7..7', '--input', 'x=uniform:-2..2', '--json'));
    expect(r).toMatchObject({ status: 'ok', config: { inputValues: { x: 'uniform:-2..2', mode: 'int:7..7' } } });
  });

  it('@file.npy and normal', () => {
    const [r] = results(dnnperf('--input', `mode=@${files.sevenNpy}`, '--input', 'x=normal', '--json'));
    expect(r).toMatchObject({ status: 'ok', config: { inputValues: { x: 'normal', mode: `file ${files.sevenNpy}` } } });
  });

  it('@file.pb; a batch sweep tiles the file along the batch dim', () => {
    const rs = results(dnnperf('--input', `mode=@${files.sevenPb}`, '--input', `x=@${files.xPb}`, '--batch', '1,4', '--json'));
    expect(rs.map((r) => [r.status, r.config.batch, r.config.shapes['x'], r.config.inputValues?.['x']])).toEqual([
      ['ok', 1, [1, 3], `file ${files.xPb}`],
      ['ok', 4, [4, 3], `file ${files.xPb} (batch tiled x4)`],
    ]);
  });

  it('zeros reach the model: mode=0 takes the failing branch, and no hint is given since nothing was random', () => {
    const r = dnnperf('--input', 'mode=zeros', '--input', 'x=zeros');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAILED \(first-run\): .*requested shape:\{-1,5\}\n/);
    expect(r.stdout).not.toContain('hint:');
  });
});

describe('inputs per model in a suite', () => {
  it('a suite model takes its inputs; --input wins over them', () => {
    const suite = writeSuite(dir, { name: 's', backends: ['ort:cpu'], batches: [1], models: [{ path: model, inputs: { mode: '7', x: 'normal' } }] });
    const [r] = results(dnnperfRun(suite, '--json'));
    expect(r).toMatchObject({ status: 'ok', config: { inputSource: 'given', inputValues: { x: 'normal', mode: 'constant 7' } } });
    const [over] = results(dnnperfRun(suite, '--input', 'x=zeros', '--json'));
    expect(over).toMatchObject({ status: 'ok', config: { inputValues: { x: 'zeros', mode: 'constant 7' } } });
  });

  it('a bad suite spec is one line naming the suite input', () => {
    const suite = writeSuite(dir, { name: 's', backends: ['ort:cpu'], batches: [1], models: [{ path: model, inputs: { mode: 'seven' } }] }, 'bad.json');
    expectOneLineError(
      dnnperfRun(suite),
      "suite input mode=seven: 'seven' is not an input spec: use a number, zeros, ones, normal, uniform:LOW..HIGH, int:LOW..HIGH, @file.npy or @file.pb",
    );
  });
});

describe('bad specs: one line, exit 2', () => {
  it('an unknown form', () => {
    expectOneLineError(
      dnnperf('--input', 'mode=seven'),
      "--input mode=seven: 'seven' is not an input spec: use a number, zeros, ones, normal, uniform:LOW..HIGH, int:LOW..HIGH, @file.npy or @file.pb",
    );
  });
  it('a reversed int range', () => {
    expectOneLineError(dnnperf('--input', 'mode=int:9..7'), '--input mode=int:9..7: the range is reversed (9 > 7): write int:7..9');
  });
  it('a missing file', () => {
    const f = join(dir, 'none.npy');
    expectOneLineError(dnnperf('--input', `x=@${f}`), `--input x=@${f}: no such file ${f}: check the path (relative paths start from the current folder)`);
  });
  it('a file of the wrong dtype', () => {
    expectOneLineError(
      dnnperf('--input', `x=@${files.sevenNpy}`),
      `--input x=@${files.sevenNpy} (${files.sevenNpy}) holds int64 values, but input 'x' of branching is float32: give a float32 file`,
    );
  });
  it('a file of the wrong shape', () => {
    expectOneLineError(
      dnnperf('--input', `x=@${files.x14Npy}`),
      `--input x=@${files.x14Npy} (${files.x14Npy}) is 1x4, but input 'x' of branching is Nx3: give a file of that shape`,
    );
  });
  it('a spec that does not fit the dtype', () => {
    expectOneLineError(
      dnnperf('--input', 'mode=normal'),
      "--input mode=normal (input 'mode' of branching, int64): normal draws floats, but the input is int64: use int:LOW..HIGH or a constant",
    );
  });
  it('a file against --shape and against --batch, naming both', () => {
    expectOneLineError(
      dnnperf('--input', `x=@${files.x2Npy}`, '--shape', 'x=1x3'),
      `shape 1x3 asked for input 'x' of branching (--shape or the suite) disagrees with file ${files.x2Npy}, which is 2x3: drop that shape or give a file of that shape`,
    );
    expectOneLineError(
      dnnperf('--input', `x=@${files.x2Npy}`, '--batch', '3'),
      `batch 3 cannot be made from file ${files.x2Npy}, which is 2x3: dnnperf repeats a file's samples along dim 0, so give --batch multiples of 2 (or a file of batch 3)`,
    );
  });
  it('an input no model has, and a flag that is not name=spec', () => {
    expectOneLineError(dnnperf('--input', 'pixels=1'), "--input names input 'pixels', which no model has (branching: x, mode): fix the input name");
    expectOneLineError(
      dnnperf('--input', 'mode'),
      "--input 'mode' is not name=<spec>: e.g. --input sr=16000 or --input input_ids=int:0..30521 (a spec is a number, zeros, ones, normal, uniform:LOW..HIGH, int:LOW..HIGH, @file.npy or @file.pb)",
    );
  });
});
