import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settleGpuClock } from '../../src/measure/gpu-clock-settle.js';

/** A fake nvidia-smi whose SM clock follows `clocks`, one value per call (the last repeats). */
function rampingSmi(clocks: number[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ramp-smi-'));
  const counter = join(dir, 'n');
  writeFileSync(counter, '0');
  const list = clocks.join(' ');
  const script = `#!/bin/sh\nn=$(cat ${counter}); echo $((n+1)) > ${counter}\nset -- ${list}\ni=0; for c in "$@"; do v=$c; [ $i -ge $n ] && break; i=$((i+1)); done\nprintf '0, %s, 1980, 0x0000000000000000, 40\\n' "$v"\n`;
  const path = join(dir, 'nvidia-smi');
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return path;
}

describe('GPU warm-up until the SM clock settles', () => {
  it('a clock ramping from idle: warms up in bursts until it is near its maximum', async () => {
    const bursts: number[] = [];
    const r = await settleGpuClock(
      0,
      async (ms) => {
        bursts.push(ms);
        return ms;
      },
      10_000,
      { command: rampingSmi([345, 900, 1500, 1980]) },
    );
    expect(r).toEqual({ smClockMHz: 1980, maxSmClockMHz: 1980, settled: true, waitedMs: 750 });
    expect(bursts).toEqual([250, 250, 250]);
  });

  it('a clock held below its maximum (a power cap) counts as settled once it holds still', async () => {
    const r = await settleGpuClock(0, async (ms) => ms, 10_000, { command: rampingSmi([345, 1400, 1410]) });
    expect(r).toMatchObject({ smClockMHz: 1410, settled: true, waitedMs: 500 });
  });

  it('gives up at the cap, and says why when the clock cannot be read', async () => {
    expect(await settleGpuClock(0, async (ms) => ms, 500, { command: rampingSmi([300, 600, 900, 1200]) })).toMatchObject({
      smClockMHz: 900,
      settled: false,
      waitedMs: 500,
    });
    const none = await settleGpuClock(0, async (ms) => ms, 500, { command: '/nonexistent/nvidia-smi' });
    expect(none.settled).toBe(false);
    expect(none.note).toMatch(/^GPU clock not read: /);
  });
});
