/** Protocol settings that change how a measuring process runs, end to end with the mock engine. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProtocolVersion, DEFAULT_PROTOCOL, PROTOCOL_SETTINGS, resolveProtocol } from '../../src/measure/protocol-defaults.js';
import { PROTOCOL_VERSION } from '../../src/results/protocol-version.js';
import { setarchAvailable } from '../../src/run/no-aslr.js';
import { runSuite } from '../../src/run/run-suite.js';
import { FAST_PROTOCOL, tempDir } from '../helpers/tmp.js';

async function one(protocol: object, protocolVersion?: number) {
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
    ...(protocolVersion ? { protocolVersion } : {}),
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

describe('protocol versions', () => {
  it('each version fills in its own settings, what the caller sets wins, and the run records the version it measured with', async () => {
    expect(PROTOCOL_VERSION).toBe(1);
    expect(resolveProtocol({})).toEqual(DEFAULT_PROTOCOL);
    expect(resolveProtocol({}, 2)).toEqual({ ...DEFAULT_PROTOCOL, warmupStableTolerance: 0.02, warmupMaxMs: 5000, gpuClockSettle: true });
    expect(resolveProtocol({ gpuClockSettle: false }, 2).gpuClockSettle).toBe(false);
    const byDefault = await one({});
    expect(byDefault.run.manifest.protocolVersion).toBe(1);
    expect(byDefault.run.manifest.protocol.gpuClockSettle).toBeUndefined();
    const v2 = await one({}, 2);
    expect(v2.run.manifest.protocolVersion).toBe(2);
    expect(v2.run.manifest.protocol).toMatchObject(PROTOCOL_SETTINGS[2]!);
    expect(v2.r.warmup.stable).toBe(true);
  }, 60_000);

  it('a version this dnnperf does not know is refused in one line that lists the ones it knows', () => {
    expect(() => checkProtocolVersion(7)).toThrow(
      /^--protocol 7: this dnnperf measures with protocol 1 \(fixed-time warm-up, .*\) or 2 \(.*\): pass one of them$/,
    );
    expect(checkProtocolVersion(1)).toBe(1);
  });
});
