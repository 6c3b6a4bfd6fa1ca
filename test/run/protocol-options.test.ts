/** Protocol settings that change how a measuring process runs, end to end with the mock engine. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setarchAvailable } from '../../src/run/no-aslr.js';
import { runSuite } from '../../src/run/run-suite.js';
import { FAST_PROTOCOL, tempDir } from '../helpers/tmp.js';

async function one(protocol: object) {
  const dir = tempDir();
  const run = await runSuite({
    models: ['mlp-mini'],
    backends: ['mock:cpu'],
    batches: [1],
    layers: false,
    fetch: false,
    outDir: join(dir, 'out'),
    cacheDir: join(dir, 'cache'),
    protocol: { ...FAST_PROTOCOL, ...protocol },
  });
  const r = run.results[0]!;
  if (r.status !== 'ok') throw new Error(`${r.status}: ${'reason' in r ? r.reason : ''}`);
  return { run, r };
}

describe('protocol settings of the measuring process', () => {
  it('several sessions per process are created and timed in turn, and the result says how many', async () => {
    const { run, r } = await one({ sessions: 3 });
    expect(r.sessions).toBe(3);
    expect(run.manifest.protocol.sessions).toBe(3);
    expect((await one({})).r.sessions).toBeUndefined();
  }, 60_000);

  it('address-space randomization off: the child runs under setarch -R and its own /proc/self/personality says off', async () => {
    const off = await one({ addressRandomization: 'off' });
    const on = await one({});
    expect(on.r.machine?.addressRandomization).toBe('on');
    if (setarchAvailable()) {
      expect(off.r.machine?.addressRandomization).toBe('off');
      expect(off.r.execution.notes.join(' ')).not.toMatch(/randomization/);
    } else {
      expect(off.r.execution.notes).toContain(
        'address-space randomization could not be turned off (setarch not found): this process ran with a randomized layout',
      );
    }
  }, 60_000);

  it('stable warm-up is recorded in the result', async () => {
    const { r } = await one({ warmupStableTolerance: 0.05, warmupMaxMs: 2000 });
    expect(r.warmup.stable).toBe(true);
  }, 60_000);
});
