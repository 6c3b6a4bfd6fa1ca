/** Run folders are never overwritten or mixed: refused, replaced on request, or resumed for the same suite, matrix and protocol (seeded mock engine). */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDnnperfError } from '../../src/errors.js';
import { isComplete, runCompleteness } from '../../src/results/completeness.js';
import { PROTOCOL_VERSION } from '../../src/results/protocol-version.js';
import { RESULTS_FILE, readRun } from '../../src/results/run-files.js';
import { runSuite } from '../../src/run/run-suite.js';
import { cutLastLine, snapshotTree } from '../helpers/run-folders.js';
import { FAST_PROTOCOL, tempDir, writeSuite } from '../helpers/tmp.js';

const dir = tempDir('dnnperf-run-folder-');
const suite = writeSuite(dir, { name: 'folders', backends: ['mock:cpu'], batches: [1, 2], models: [{ builtin: 'mlp-mini' }] });
const base = { suite, outDir: join(dir, 'out'), cacheDir: join(dir, 'cache'), protocol: FAST_PROTOCOL, layers: false, runId: 'r1' };
const lines = () =>
  readFileSync(join(dir, 'out', 'r1', RESULTS_FILE), 'utf8')
    .trim()
    .split('\n');

async function failure(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!isDnnperfError(e)) throw new Error(`expected a DnnperfError, got ${String(e)}`);
  return e;
}

describe('run folders', () => {
  it('an existing run id is refused, nothing touched; --replace measures it again; --resume measures only what it lacks', async () => {
    const first = await runSuite(base);
    expect(first.results).toHaveLength(2);
    const before = snapshotTree(dir);
    expect((await failure(runSuite(base))).message).toMatch(/^run .*out\/r1 already exists: choose another --run-id, or pass --replace/);
    expect(snapshotTree(dir)).toEqual(before);

    const replaced = await runSuite({ ...base, existing: 'replace' });
    expect(replaced.results).toHaveLength(2);
    expect(replaced.manifest.createdAt).not.toBe(first.manifest.createdAt);
    expect(lines()).toHaveLength(2);

    // Interrupted: the last line cut off, and the first configuration stopped by Ctrl-C.
    cutLastLine(replaced.dir);
    const kept = JSON.parse(lines()[0]!);
    writeFileSync(
      join(replaced.dir, RESULTS_FILE),
      `${JSON.stringify({ ...kept, status: 'failed', phase: 'interrupted', reason: 'interrupted (Ctrl-C)', samplesMs: undefined })}\n`,
    );
    appendFileSync(join(replaced.dir, RESULTS_FILE), '{"schemaVersion":"1.0","conf');
    expect(isComplete(runCompleteness(readRun(replaced.dir)))).toBe(false);
    const resumed = await runSuite({ ...base, existing: 'resume' });
    expect(resumed.warnings).toEqual([]);
    expect(resumed.results.map((r) => `${r.config.batch} ${r.status}`).sort()).toEqual(['1 ok', '2 ok']);
    expect(isComplete(runCompleteness(resumed))).toBe(true);
    expect(resumed.manifest.createdAt).toBe(replaced.manifest.createdAt);
  });

  it('--resume refuses another matrix or protocol, and a run that is not there', async () => {
    await runSuite({ ...base, runId: 'r2', batches: [1] });
    const before = snapshotTree(dir);
    expect((await failure(runSuite({ ...base, runId: 'r2', existing: 'resume' }))).message).toMatch(
      /^--resume: .*r2 was measured with another matrix \(1 planned measurement, now 2 planned measurements\): resume with the same flags, or start a new run$/,
    );
    expect(
      (await failure(runSuite({ ...base, runId: 'r2', batches: [1], existing: 'resume', protocol: { ...FAST_PROTOCOL, minSamples: 11 } }))).message,
    ).toMatch(/^--resume: .*r2 was measured with another protocol \(minSamples\) \(10, now 11\)/);
    expect((await failure(runSuite({ ...base, runId: 'r2', batches: [1], existing: 'resume', protocolVersion: 2 }))).message).toMatch(
      new RegExp(`^--resume: .*r2 was measured with another protocol version \\(${PROTOCOL_VERSION}, now 2\\)`),
    );
    expect((await failure(runSuite({ ...base, runId: 'nope', existing: 'resume' }))).message).toMatch(/^--resume: there is no run .*nope to resume/);
    expect(snapshotTree(dir)).toEqual(before);
  });
});
