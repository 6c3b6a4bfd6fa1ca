/**
 * Bad input through the real executable: one line naming the value and the fix, exit 2,
 * no stack trace. Runs the compiled CLI (npm test builds dist/ first).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeBuiltinModel } from '../../src/models/builtin/write.js';
import { tempDir } from '../helpers/tmp.js';

const BIN = join(import.meta.dirname, '../../bin/dnnperf');

function dnnperf(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stderr: r.stderr.trim(), stdout: r.stdout };
}

function expectOneLineError(r: ReturnType<typeof dnnperf>, pattern: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stderr.split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

let dir: string;
let model: string;

beforeAll(async () => {
  dir = tempDir();
  model = (await writeBuiltinModel('mlp-mini', dir)).path;
});

describe('bad input: one line, exit 2', () => {
  it('missing model file', () => {
    expectOneLineError(dnnperf('run', '--model', join(dir, 'nope.onnx')), /^dnnperf: model file .*nope\.onnx does not exist: check the path/);
  });

  it('non-ONNX bytes', () => {
    const f = join(dir, 'random.onnx');
    writeFileSync(f, Buffer.from('this is not a protobuf at all, just text'));
    expectOneLineError(dnnperf('run', '--model', f), /^dnnperf: model file .*random\.onnx .*not an ONNX model/);
  });

  it('truncated ONNX', async () => {
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(model);
    const f = join(dir, 'truncated.onnx');
    writeFileSync(f, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expectOneLineError(dnnperf('run', '--model', f), /^dnnperf: model file .*truncated\.onnx .*truncated/);
  });

  it('unknown backend and malformed backend', () => {
    expectOneLineError(
      dnnperf('run', '--model', model, '--backend', 'ort:vulkan'),
      /^dnnperf: backend 'ort:vulkan' is unknown to engine ort: use one of ort:cpu, ort:cpu\/fp16, ort:cuda, /,
    );
    expectOneLineError(dnnperf('run', '--model', model, '--backend', 'cuda'), /^dnnperf: backend 'cuda' is not of the form engine:backend\[\/target\]/);
    expectOneLineError(dnnperf('run', '--model', model, '--backend', 'tflite:cpu'), /^dnnperf: engine 'tflite' is unknown: use one of ort, mock/);
  });

  it('batch 0 or negative', () => {
    expectOneLineError(dnnperf('run', '--model', model, '--batch', '0'), /^dnnperf: --batch '0' must be a comma-separated list of positive integers/);
    expectOneLineError(dnnperf('run', '--model', model, '--batch', '-1'), /^dnnperf: --batch '-1' must be/);
  });

  it('a shape that contradicts a fixed dim', () => {
    expectOneLineError(
      dnnperf('run', '--model', model, '--shape', 'input=Nx999'),
      /^dnnperf: shape Nx999 for input 'input' contradicts mlp-mini, which fixes dim 1 to \d+: use input=Nx\d+/,
    );
  });

  it('an input name the model lacks', () => {
    expectOneLineError(
      dnnperf('run', '--model', model, '--shape', 'pixels=Nx3'),
      /^dnnperf: --shape names input 'pixels', which no model has \(mlp-mini: input\): fix the input name/,
    );
  });

  it('an unknown suite', () => {
    expectOneLineError(dnnperf('run', 'no-such-suite'), /^dnnperf: suite 'no-such-suite' not found .*: give a suite name from suites\/ or a path/);
  });
});
