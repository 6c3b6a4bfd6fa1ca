/**
 * OpenCV's closed loop against a real cv2: N Nets in N Python threads of one worker, through
 * the run core; one Net with N requests is refused with the reason (Net is not thread-safe).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OkResult } from '../../src/results/schema.js';
import { runSuite } from '../../src/run/run-suite.js';
import { CV2_PYTHON, requireCv2, writeTinyModels } from '../helpers/cv2.js';
import { FAST_PROTOCOL, tempDir, writeSuite } from '../helpers/tmp.js';

describe.skipIf(!requireCv2())('opencv closed loop', () => {
  it('runs two Nets in two threads, and says why one Net cannot take two requests', async () => {
    const dir = tempDir();
    const { good } = writeTinyModels();
    const suite = writeSuite(dir, {
      name: 'cv-load',
      backends: ['opencv:opencv/cpu'],
      batches: [2],
      models: [{ path: good }],
      concurrency: [2],
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
      childEnv: { DNNPERF_PYTHON: CV2_PYTHON },
    });
    const [sessions, shared] = run.results;
    expect(sessions!.status, sessions!.status === 'ok' ? '' : sessions!.reason).toBe('ok');
    const load = (sessions as OkResult).load!;
    expect(load).toMatchObject({ concurrency: 2, mode: 'sessions', sessions: 2 });
    expect(load.samplesPerS).toBeCloseTo(load.inferencesPerS * 2, 9);
    expect(load.sessionSetup).toHaveLength(2);
    expect(new Set(load.requests!.lane)).toEqual(new Set([0, 1]));
    expect(load.notes[0]).toMatch(/cv2 releases the GIL/);
    // The worker's own CPU time is counted with the measuring process's.
    expect(load.cpu?.method).toMatch(/engine worker/);
    expect((sessions as OkResult).execution.actual).toBe('opencv:opencv/cpu');
    expect(shared).toMatchObject({ status: 'unavailable' });
    expect(shared!.status === 'unavailable' && shared!.reason).toBe(
      'shared mode: cv::dnn::Net is not thread-safe: one Net cannot run several forward() calls at once; use --concurrency-mode sessions (N Nets in N threads)',
    );
  });
});
