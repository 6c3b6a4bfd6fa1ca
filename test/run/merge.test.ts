import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendResult, RUN_FILE, readRun, writeManifest } from '../../src/results/run-files.js';
import { mergeRuns } from '../../src/run/merge.js';
import { selectShard } from '../../src/run/shard.js';
import { makeEnv, suiteRun } from '../compare/fixtures.js';

const root = () => mkdtempSync(join(tmpdir(), 'dnnperf-merge-'));

/** Writes shard runs of one synthetic run (10 configurations x 2 trials) as `run --shard i/n` would. */
function writeShards(dir: string, count: number, over: (i: number) => { suite?: string; machineKey?: string; count?: number; index?: number } = () => ({})) {
  const full = suiteRun('full', 1, 2);
  const planned = full.manifest.configurations.filter((c) => c.trial === 0);
  return Array.from({ length: count }, (_, i) => {
    const o = over(i + 1);
    const mine = new Set(selectShard(planned, { index: i + 1, count }).map((c) => c.key));
    const runDir = join(dir, `shard-${i + 1}`);
    writeManifest(runDir, {
      ...full.manifest,
      runId: `shard-${i + 1}`,
      suite: o.suite ?? 'default',
      environment: makeEnv({ machineKey: o.machineKey ?? 'm-test' }),
      configurations: full.manifest.configurations.filter((c) => mine.has(c.key)),
      shard: { index: o.index ?? i + 1, count: o.count ?? count },
    });
    for (const r of full.results.filter((x) => mine.has(x.config.key))) appendResult(runDir, r);
    return runDir;
  });
}

describe('mergeRuns', () => {
  it('joins shards into one run in plan order with trials interleaved', () => {
    const dir = root();
    const shards = writeShards(dir, 3);
    const merged = mergeRuns(shards.reverse(), { outDir: join(dir, 'merged') });
    const full = suiteRun('full', 1, 2);
    expect(merged.manifest.runId).toBe('merged');
    expect(merged.manifest.shard).toBeUndefined();
    expect(merged.manifest.mergedFrom).toEqual(['shard-3', 'shard-2', 'shard-1']);
    expect(merged.manifest.configurations).toEqual(full.manifest.configurations);
    expect(merged.results).toEqual(full.results);
    expect(readRun(join(dir, 'merged')).results).toHaveLength(20);
  });

  const cases: Array<[string, number, (i: number) => object, RegExp]> = [
    ['overlapping shards', 3, (i) => (i === 3 ? { index: 2 } : {}), /^shard 2\/3 given twice \(.*shard-2 and .*shard-3\): pass each shard once$/],
    ['a missing shard', 3, () => ({ count: 4 }), /^shard 4\/4 missing: merge needs all 4 shards$/],
    [
      'mismatched suites',
      2,
      (i) => (i === 2 ? { suite: 'vision' } : {}),
      /shard-2: suite 'vision' differs from .*shard-1's 'default': merge shards of one suite$/,
    ],
    [
      'another machine',
      2,
      (i) => (i === 2 ? { machineKey: 'm-other' } : {}),
      /shard-2: machine m-other differs from .*shard-1's m-test: run every shard on the same kind of machine$/,
    ],
    [
      'different shard counts',
      2,
      (i) => (i === 2 ? { count: 3 } : {}),
      /shard-2: shard 2\/3 does not match .*shard-1's shard count 2: merge shards of one split$/,
    ],
  ];
  it.each(cases)('rejects %s with one line, writing nothing', (_, count, over, message) => {
    const dir = root();
    const shards = writeShards(dir, count, over as never);
    expect(() => mergeRuns(shards, { outDir: join(dir, 'merged') })).toThrow(message);
    expect(() => readFileSync(join(dir, 'merged', RUN_FILE))).toThrow();
  });

  it('rejects a run that is not a shard, a newer schema major, and a truncated manifest', () => {
    const dir = root();
    const [a, b] = writeShards(dir, 2);
    const manifest = JSON.parse(readFileSync(join(b!, RUN_FILE), 'utf8'));
    writeFileSync(join(b!, RUN_FILE), JSON.stringify({ ...manifest, shard: undefined }));
    expect(() => mergeRuns([a!, b!], { outDir: join(dir, 'm') })).toThrow(/shard-2: not a shard run \(made without --shard\)/);
    writeFileSync(join(b!, RUN_FILE), JSON.stringify({ ...manifest, schemaVersion: '2.0' }));
    expect(() => mergeRuns([a!, b!], { outDir: join(dir, 'm') })).toThrow(/schema 2\.0 is newer than this dnnperf reads \(1\.x\): upgrade dnnperf/);
    writeFileSync(join(b!, RUN_FILE), JSON.stringify(manifest).slice(0, 200));
    expect(() => mergeRuns([a!, b!], { outDir: join(dir, 'm') })).toThrow(/run\.json: not valid JSON .*damaged or truncated/);
  });

  it('refuses to overwrite a run', () => {
    const dir = root();
    const shards = writeShards(dir, 2);
    mergeRuns(shards, { outDir: join(dir, 'merged') });
    expect(() => mergeRuns(shards, { outDir: join(dir, 'merged') })).toThrow(/already holds a run: choose a new folder/);
  });
});
