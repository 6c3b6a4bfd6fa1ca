/** Bad concurrency and latency-budget input through the real executable: one line, exit 2, nothing measured. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

const BIN = join(import.meta.dirname, '../../bin/dnnperf');

function dnnperf(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stderr: r.stderr.trim() };
}

function expectOneLineError(args: string[], pattern: RegExp) {
  const out = tempDir();
  const r = dnnperf('run', '--model', 'mlp-mini', '--backend', 'mock:cpu', '-o', out, ...args);
  expect(r.code).toBe(2);
  expect(r.stderr.split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(existsSync(out) && spawnSync('ls', [out], { encoding: 'utf8' }).stdout.trim()).toBe('');
}

describe('bad concurrency input: one line, exit 2', () => {
  it.each(['0', '-2', '1.5', 'four', '1,,2', ''])('--concurrency %j', (value) => {
    expectOneLineError(
      ['--concurrency', value],
      new RegExp(
        `^dnnperf: --concurrency '${value}' must be a comma-separated list of positive integers \\(requests in flight\\), e\\.g\\. --concurrency 1,2,4,8$`,
      ),
    );
  });

  it('an unknown --concurrency-mode', () => {
    expectOneLineError(
      ['--concurrency', '2', '--concurrency-mode', 'sessions,pool'],
      /^dnnperf: --concurrency-mode 'sessions,pool': 'pool' is not one of sessions, shared/,
    );
  });

  it('a latency budget of 0, and one with trials or shards', () => {
    expectOneLineError(['--latency-budget', '0'], /^dnnperf: --latency-budget '0' must be a positive number$/);
    expectOneLineError(['--latency-budget', '10', '--trials', '2'], /^dnnperf: --latency-budget walks the sweep in order .*: drop --trials$/);
  });

  it('a suite with concurrency 0', async () => {
    const { writeSuite } = await import('../helpers/tmp.js');
    const suite = writeSuite(tempDir(), { name: 's', backends: ['mock:cpu'], batches: [1], models: [{ builtin: 'mlp-mini' }], concurrency: [0] });
    const r = dnnperf('run', suite, '-o', tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/concurrency/);
  });
});
