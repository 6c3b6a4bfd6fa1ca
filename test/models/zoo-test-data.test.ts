/**
 * A zoo-layout archive (model + test_data_set_0/input_0.pb, output_0.pb) served by the local
 * test server, run through the real executable: the run fetches it with the same progress
 * lines as `dnnperf fetch`, feeds test_data_set_0 as the inputs and checks output_0.pb; a
 * wrong output_0.pb is a mismatch in the result, the summary and the report, not a crash.
 * --inputs-from does the same for a model file. Needs dist/.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../src/models/onnx/graph-builder.js';
import type { ConfigResult } from '../../src/results/schema.js';
import { modelEntry, serveBytes, startTestServer, type TestServer } from '../helpers/http-server.js';
import { writePb } from '../helpers/tensor-files.js';
import { tempDir } from '../helpers/tmp.js';

const BIN = join(import.meta.dirname, '../../bin/dnnperf');
const FAST = ['--min-time', '0.02', '--max-time', '0.3', '--warmup-time', '0.005', '--warmup-runs', '2', '--min-samples', '10', '--no-layers'];

let work: string;
let server: TestServer;
let manifest: string;

/** y = 2x + 1, so the reference outputs are known exactly. */
function affineModel(): Uint8Array {
  const g = new GraphBuilder('affine', 1);
  g.input('x', 'float32', ['N', 3]);
  const two = g.floats('two', [], [2]);
  const one = g.floats('one', [], [1]);
  g.output(g.node('Add', [g.node('Mul', ['x', two], {}, 'twice'), one], {}, 'y'), 'float32', ['N', 3]);
  return g.toBytes();
}

/** An archive laid out like the ONNX Model Zoo's: <stem>/model.onnx and <stem>/test_data_set_0/{input,output}_0.pb. */
async function zooArchive(name: string, y: number[]): Promise<Buffer> {
  const src = join(work, 'src', name);
  mkdirSync(join(src, 'affine', 'test_data_set_0'), { recursive: true });
  writeFileSync(join(src, 'affine', 'model.onnx'), affineModel());
  writePb(join(src, 'affine', 'test_data_set_0', 'input_0.pb'), 'x', 'float32', [1, 3], Float32Array.from([1, 2, 3]));
  writePb(join(src, 'affine', 'test_data_set_0', 'output_0.pb'), 'y', 'float32', [1, 3], Float32Array.from(y));
  const file = join(work, `${name}.tar.gz`);
  await tar.c({ gzip: true, file, cwd: src, portable: true }, ['affine']);
  return readFileSync(file);
}

function dnnperf(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Async spawn: the test server answers from this process's event loop.
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'run', ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const runArgs = (id: string, ...more: string[]) => [
  '--model',
  id,
  '--manifest',
  manifest,
  '--mirror',
  `${server.url}/mirror`,
  '--cache-dir',
  join(work, 'cache'),
  '--out',
  join(work, 'out'),
  ...FAST,
  ...more,
];

beforeAll(async () => {
  work = tempDir();
  const good = await zooArchive('good', [3, 5, 7]);
  const wrong = await zooArchive('wrong', [3, 5, 8]);
  server = await startTestServer({ '/mirror/validated/affine-good.tar.gz': serveBytes(good), '/mirror/validated/affine-wrong.tar.gz': serveBytes(wrong) });
  const unreachable = ['http://127.0.0.1:9/unreachable.tar.gz'];
  const entries = [
    modelEntry('affine-good', good, unreachable, { modelPath: 'validated/affine-good.tar.gz', archive: { member: 'affine/model.onnx' } }),
    modelEntry('affine-wrong', wrong, unreachable, { modelPath: 'validated/affine-wrong.tar.gz', archive: { member: 'affine/model.onnx' } }),
  ];
  manifest = join(work, 'manifest.json');
  writeFileSync(manifest, JSON.stringify({ schemaVersion: 1, models: entries }));
});
afterAll(async () => {
  await server.close();
});

describe('a zoo archive with its own test data', () => {
  it('is fetched with progress, fed test_data_set_0 and checked against output_0.pb, also at a tiled batch', async () => {
    const r = await dnnperf(runArgs('affine-good', '--batch', '1,2', '--json', '--no-report'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^fetch affine-good: downloading 0\.0 MB from http:\/\/127\.0\.0\.1:\d+\/mirror\/validated\/affine-good\.tar\.gz\n/);
    expect(r.stderr).toContain(`fetch affine-good: done ${join(work, 'cache', 'affine-good', 'affine-good', 'affine', 'model.onnx')}\n`);
    const results = (JSON.parse(r.stdout) as { results: ConfigResult[] }).results;
    const set = join(work, 'cache', 'affine-good', 'affine-good', 'affine', 'test_data_set_0');
    expect(results.map((x) => [x.status, x.config.batch, x.config.inputSource, x.config.inputValues])).toEqual([
      ['ok', 1, 'test-data', { x: `test data ${join(set, 'input_0.pb')}` }],
      ['ok', 2, 'test-data', { x: `test data ${join(set, 'input_0.pb')} (batch tiled x2)` }],
    ]);
    for (const x of results) {
      expect(x.status === 'ok' && x.expectedOutputs).toMatchObject({
        source: set,
        status: 'match',
        sets: 1,
        tolerance: { relL2Error: 1e-3 },
        comparison: { maxAbsError: 0 },
      });
    }
  });

  it('--no-test-data generates the inputs instead and checks nothing', async () => {
    const r = await dnnperf(runArgs('affine-good', '--no-test-data', '--json', '--no-report'));
    const [x] = (JSON.parse(r.stdout) as { results: ConfigResult[] }).results;
    expect(x).toMatchObject({ status: 'ok', config: { inputSource: 'generated', inputValues: { x: 'random' } } });
    expect(x!.status === 'ok' && x!.expectedOutputs).toBeUndefined();
  });

  it('with a wrong output_0.pb: a mismatch in the result, the run line, summary.md and the report; the run still succeeds', async () => {
    const r = await dnnperf(runArgs('affine-wrong', '--run-id', 'wrong'));
    expect(r.code).toBe(0);
    const set = join(work, 'cache', 'affine-wrong', 'affine-wrong', 'affine', 'test_data_set_0');
    const message = "output 'y' differs from the test data: relative L2 error 0.101 > 0.001 (max abs 1.00, cosine 0.9979)";
    expect(r.stdout).toMatch(/^affine-wrong ort:cpu batch 1: .* median, /);
    expect(r.stdout).toContain(`\n  Warning: outputs do not match ${set}: ${message}\n`);
    const dir = join(work, 'out', 'wrong');
    const [x] = readFileSync(join(dir, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ConfigResult);
    expect(x).toMatchObject({ status: 'ok', expectedOutputs: { status: 'mismatch' } });
    const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(summary).toContain('### Outputs that differ from the test data (the backend does not reproduce the reference outputs)');
    expect(summary).toContain(`| ${set} | mismatch | ${message} |`);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('Outputs that differ from the test data');
  });
});

describe('--inputs-from', () => {
  it('feeds and checks any model file from a test data folder', async () => {
    const dir = join(work, 'byo');
    mkdirSync(join(dir, 'test_data_set_0'), { recursive: true });
    writeFileSync(join(dir, 'affine.onnx'), affineModel());
    // No tensor names: matched by position, as older zoo data sets need.
    writePb(join(dir, 'test_data_set_0', 'input_0.pb'), '', 'float32', [1, 3], Float32Array.from([0, 1, -1]));
    writePb(join(dir, 'test_data_set_0', 'output_0.pb'), '', 'float32', [1, 3], Float32Array.from([1, 3, -1]));
    const r = await dnnperf([
      '--model',
      join(dir, 'affine.onnx'),
      '--inputs-from',
      dir,
      '--out',
      join(work, 'out'),
      '--cache-dir',
      join(work, 'cache'),
      ...FAST,
      '--json',
      '--no-report',
    ]);
    const [x] = (JSON.parse(r.stdout) as { results: ConfigResult[] }).results;
    expect(x).toMatchObject({ status: 'ok', config: { inputSource: 'test-data' }, expectedOutputs: { status: 'match', source: join(dir, 'test_data_set_0') } });
    expect(readdirSync(dir)).toEqual(['affine.onnx', 'test_data_set_0']);
  });
});
