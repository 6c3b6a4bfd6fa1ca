import { describe, expect, it } from 'vitest';
import { gpuDisturbance, parseGpuStateQuery, readGpuState, throttleReasonNames } from '../../src/env/gpu-state.js';
import { startMachineProbe } from '../../src/env/machine-probe.js';
import { fakeNvidiaSmi } from './fake-nvidia-smi.js';

describe('GPU clocks and throttle reasons', () => {
  it('decodes the throttle reason mask nvidia-smi prints', () => {
    expect(throttleReasonNames('0x0000000000000000')).toEqual([]);
    expect(throttleReasonNames('0x0000000000000001')).toEqual(['gpu_idle']);
    expect(throttleReasonNames('0x0000000000000044')).toEqual(['sw_power_cap', 'hw_thermal_slowdown']);
    expect(throttleReasonNames('[Not Supported]')).toEqual([]);
  });

  it('parses the query and reads one device through nvidia-smi', async () => {
    expect(parseGpuStateQuery('0, 1980, 1980, 0x0000000000000000, 41\n')).toEqual([
      { index: 0, smClockMHz: 1980, maxSmClockMHz: 1980, throttleReasons: [], temperatureC: 41 },
    ]);
    const smi = fakeNvidiaSmi({ '--query-gpu=index,clocks.sm': '0, 345, 1980, 0x0000000000000001, 30\n' });
    expect(await readGpuState(0, { command: smi })).toEqual({
      ok: true,
      state: { index: 0, smClockMHz: 345, maxSmClockMHz: 1980, throttleReasons: ['gpu_idle'], temperatureC: 30 },
    });
    expect(await readGpuState(0, { command: fakeNvidiaSmi({}) })).toMatchObject({ ok: false, reason: expect.stringContaining("couldn't communicate") });
  });

  it('a clock still ramping during sampling, or a thermal slowdown, is a disturbance; a steady boost clock is not', () => {
    const at = (sm: number, reasons: string[] = []) => ({ index: 0, smClockMHz: sm, maxSmClockMHz: 1980, throttleReasons: reasons });
    expect(gpuDisturbance(at(1980), at(1965))).toBeUndefined();
    expect(gpuDisturbance(at(1980, ['sw_power_cap']), at(1980, ['sw_power_cap']))).toBeUndefined();
    expect(gpuDisturbance(at(345), at(1980))).toBe(
      'GPU 0 SM clock moved from 345 to 1980 MHz during sampling (still ramping up: a longer --warmup-time lets it settle)',
    );
    expect(gpuDisturbance(at(1980), at(1500, ['hw_thermal_slowdown']))).toBe(
      'GPU 0 throttled (hw_thermal_slowdown); GPU 0 SM clock moved from 1980 to 1500 MHz during sampling',
    );
  });

  it('the probe reads the GPU outside the CPU window and joins both disturbances', async () => {
    const smi = fakeNvidiaSmi({ '--query-gpu=index,clocks.sm': '0, 1980, 1980, 0x0000000000000020, 88\n' });
    const probe = await startMachineProbe({ gpuDeviceId: 0, nvidiaSmi: { command: smi }, root: '/nonexistent' });
    const state = await probe.finish();
    expect(state.gpu?.after.throttleReasons).toEqual(['sw_thermal_slowdown']);
    expect(state.disturbance).toBe('GPU 0 throttled (sw_thermal_slowdown)');
    expect(state.note).toMatch(/no \/proc\/stat here/);
  });
});
