import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRun } from '../../src/results/run-files.js';
import type { RunEvent } from '../../src/run/events.js';
import { runSuite } from '../../src/run/run-suite.js';
import { FAST_PROTOCOL, tempDir, writeSuite } from '../helpers/tmp.js';

const mockSuite = (models: string[], backends = ['mock:cpu']) => ({
  name: 'mocked',
  backends,
  batches: [1, 4],
  models: models.map((builtin) => ({ builtin })),
});

describe('runSuite with the seeded mock engine', () => {
  it('measures every configuration in its own process and leaves run.json and results.jsonl', async () => {
    const dir = tempDir();
    const suite = writeSuite(dir, mockSuite(['mlp-mini', 'tiny-op'], ['mock:cpu', 'mock:gpu']));
    const events: RunEvent['type'][] = [];
    const run = await runSuite({ suite, outDir: join(dir, 'out'), cacheDir: join(dir, 'cache'), protocol: FAST_PROTOCOL }, (e) => events.push(e.type));
    expect(run.manifest.configurations).toHaveLength(8);
    expect(run.results.map((r) => `${r.config.model.name} ${r.config.spec} ${r.config.batch} ${r.status}`)).toEqual([
      'mlp-mini mock:cpu 1 ok',
      'mlp-mini mock:cpu 4 ok',
      'mlp-mini mock:gpu 1 unavailable',
      'mlp-mini mock:gpu 4 unavailable',
      'tiny-op mock:cpu 1 ok',
      'tiny-op mock:cpu 4 ok',
      'tiny-op mock:gpu 1 unavailable',
      'tiny-op mock:gpu 4 unavailable',
    ]);
    const ok = run.results.find((r) => r.status === 'ok')!;
    if (ok.status !== 'ok') throw new Error('unreachable');
    expect(ok.stop.reason).toBe('target-precision');
    expect(ok.samplesMs.length).toBe(ok.stats.n);
    expect(ok.layers?.source).toBe('mock');
    expect(ok.layers?.endToEndMedianMs).toBe(ok.stats.medianMs);
    const unavailable = run.results.find((r) => r.status === 'unavailable')!;
    expect(unavailable.status === 'unavailable' && unavailable.reason).toMatch(/mock engine has no GPU/);
    expect(events.filter((t) => t === 'config-end')).toHaveLength(8);
    // readRun validates every line against the schema
    expect(readRun(run.dir).results).toHaveLength(8);
  });

  it('gives the same samples for the same seed (exact, deterministic)', async () => {
    const dir = tempDir();
    const suite = writeSuite(dir, { ...mockSuite(['mlp-mini']), batches: [1] });
    const opts = { suite, cacheDir: join(dir, 'cache'), protocol: FAST_PROTOCOL, layers: false };
    const a = await runSuite({ ...opts, outDir: join(dir, 'a') });
    const b = await runSuite({ ...opts, outDir: join(dir, 'b') });
    const samples = (r: typeof a) => (r.results[0]!.status === 'ok' ? r.results[0]!.samplesMs : []);
    expect(samples(a).length).toBeGreaterThan(10);
    expect(samples(a)).toEqual(samples(b));
  });

  it('records a crashing and a hanging configuration as failed and goes on', async () => {
    const dir = tempDir();
    const suite = writeSuite(dir, { ...mockSuite(['mlp-mini', 'tiny-op', 'resnet-mini']), batches: [1] });
    const run = await runSuite({
      suite,
      outDir: join(dir, 'out'),
      cacheDir: join(dir, 'cache'),
      protocol: { ...FAST_PROTOCOL, configTimeoutMs: 4000 },
      layers: false,
      childEnv: { DNNPERF_MOCK_FAIL: 'mlp-mini=crash,tiny-op=hang' },
    });
    const [crash, hang, fine] = run.results;
    expect(crash).toMatchObject({ status: 'failed', phase: 'crash' });
    expect(crash!.status === 'failed' && crash!.reason).toMatch(/exited with code 70 before reporting/);
    expect(hang).toMatchObject({ status: 'failed', phase: 'timeout' });
    expect(hang!.status === 'failed' && hang!.reason).toMatch(/no result after 4 s: killed/);
    expect(fine!.status).toBe('ok');
  });

  it('keeps finished configurations on disk when interrupted', async () => {
    const dir = tempDir();
    const suite = writeSuite(dir, { ...mockSuite(['mlp-mini', 'tiny-op', 'resnet-mini']), batches: [1] });
    const controller = new AbortController();
    const run = await runSuite(
      {
        suite,
        outDir: join(dir, 'out'),
        cacheDir: join(dir, 'cache'),
        protocol: FAST_PROTOCOL,
        layers: false,
        childEnv: { DNNPERF_MOCK_FAIL: 'tiny-op=hang' },
      },
      (e) => {
        if (e.type === 'config-start' && e.position === 2) setTimeout(() => controller.abort(), 300);
      },
      controller.signal,
    );
    expect(run.results.map((r) => r.status)).toEqual(['ok', 'failed']);
    expect(run.results[1]).toMatchObject({ phase: 'interrupted' });
    expect(readFileSync(join(run.dir, 'results.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(run.manifest.configurations).toHaveLength(3);
  });

  it('interleaves trials: trial 0 of every configuration, then trial 1', async () => {
    const dir = tempDir();
    const suite = writeSuite(dir, { ...mockSuite(['mlp-mini', 'tiny-op']), batches: [1] });
    const run = await runSuite({ suite, outDir: join(dir, 'out'), cacheDir: join(dir, 'cache'), protocol: FAST_PROTOCOL, layers: false, trials: 2 });
    expect(run.results.map((r) => `${r.config.model.name}#${r.config.trial}`)).toEqual(['mlp-mini#0', 'tiny-op#0', 'mlp-mini#1', 'tiny-op#1']);
  });
});
