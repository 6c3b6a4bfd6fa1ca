/**
 * onnxruntime on the CPU at concurrency 1 and 2, end to end through the run core: structure,
 * not timing (this machine's two cores are shared).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OkResult } from '../../src/results/schema.js';
import { runSuite } from '../../src/run/run-suite.js';
import { FAST_PROTOCOL, tempDir, writeSuite } from '../helpers/tmp.js';

describe('ort:cpu at concurrency 1 and 2', () => {
  it('measures the sequential point, two sessions in two threads, and one session with two calls', async () => {
    const dir = tempDir();
    const suite = writeSuite(dir, {
      name: 'ort-load',
      backends: ['ort:cpu'],
      batches: [1],
      models: [{ builtin: 'tiny-op' }],
      concurrency: [1, 2],
      concurrencyModes: ['sessions', 'shared'],
      options: { threads: 1 },
    });
    const run = await runSuite({
      suite,
      outDir: join(dir, 'out'),
      cacheDir: join(dir, 'cache'),
      protocol: { ...FAST_PROTOCOL, maxTimeMs: 1500 },
      loadProtocol: { windowMs: 100, minWindowRequests: 5 },
      layers: false,
    });
    const results = run.results.map((r) => {
      expect(r.status, r.status === 'ok' ? '' : r.reason).toBe('ok');
      return r as OkResult;
    });
    expect(results.map((r) => `${r.config.concurrency} ${r.config.concurrencyMode ?? '-'}`)).toEqual(['1 -', '2 sessions', '2 shared']);
    const [one, sessions, shared] = results as [OkResult, OkResult, OkResult];
    expect(one.load).toMatchObject({ concurrency: 1, mode: 'sequential', sessions: 1 });
    for (const r of [sessions, shared]) {
      const load = r.load!;
      expect(load.latency.map((p) => p.p)).toEqual([50, 90, 99, 99.9]);
      expect(load.inferencesPerS).toBeGreaterThan(0);
      expect(load.samplesPerS).toBe(load.inferencesPerS);
      expect(load.windows.length).toBeGreaterThanOrEqual(load.reportedWindows);
      expect(load.reportedWindows).toBeGreaterThan(0);
      expect(['stable', 'max-time', 'max-windows']).toContain(r.stop.reason);
      const req = load.requests!;
      expect(req.startMs).toHaveLength(r.samplesMs.length);
      expect(new Set(req.lane)).toEqual(new Set([0, 1]));
      for (let i = 1; i < req.startMs.length; i++) expect(req.startMs[i]!).toBeGreaterThanOrEqual(req.startMs[i - 1]!);
      expect(load.cpu?.busyCores).toBeGreaterThan(0);
      expect(r.outputs[0]!.nonFinite).toBe(0);
    }
    expect(sessions.load).toMatchObject({ mode: 'sessions', sessions: 2 });
    expect(sessions.load!.sessionSetup).toHaveLength(2);
    expect(sessions.load!.notes[0]).toMatch(/worker thread of its own/);
    expect(shared.load).toMatchObject({ mode: 'shared', sessions: 1 });
    expect(shared.load!.notes[0]).toMatch(/queue behind one another/);
    // On one thread the runs execute one at a time: each request of a lane ends before the
    // other lane's next one can end, so ends alternate between the lanes.
    const ends = shared.load!.requests!;
    const order = ends.endMs
      .map((e, i) => [e, ends.lane[i]!] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, lane]) => lane);
    expect(order.every((lane, i) => i === 0 || lane !== order[i - 1])).toBe(true);
  });
});
