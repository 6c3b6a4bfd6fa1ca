import { describe, expect, it } from 'vitest';
import { parseClockQuery, sampleGpuClocks } from '../../src/env/clocks.js';
import { parseGpuQuery, probeGpus } from '../../src/env/gpu-info.js';
import { fakeNvidiaSmi, H100_CLOCK_QUERY, H100_GPU_QUERY } from './fake-nvidia-smi.js';

const MIB = 1024 * 1024;

describe('parseGpuQuery', () => {
  it('reads an H100 row (MiB and MHz, no units)', () => {
    expect(parseGpuQuery(H100_GPU_QUERY)).toEqual([
      {
        index: 0,
        name: 'NVIDIA H100 80GB HBM3',
        driver: '580.82.07',
        memoryTotalBytes: 81559 * MIB,
        uuid: 'GPU-4e6a6c3d-1f2b-7c8d-9e0f-112233445566',
        smClockMHz: 1980,
        memClockMHz: 2619,
      },
    ]);
  });

  it('keeps commas inside the name, drops [N/A] fields, reads several GPUs', () => {
    const gpus = parseGpuQuery('0, 535.1, [N/A], GPU-a, [Not Supported], 405, Tesla T4, rev B\n1, 535.1, 15360, GPU-b, 300, 405, Tesla T4\n');
    expect(gpus.map((g) => [g.index, g.name, g.memoryTotalBytes, g.smClockMHz])).toEqual([
      [0, 'Tesla T4, rev B', undefined, undefined],
      [1, 'Tesla T4', 15360 * MIB, 300],
    ]);
  });
});

describe('probeGpus', () => {
  it('returns the parsed GPUs from nvidia-smi', async () => {
    const command = fakeNvidiaSmi({ '--query-gpu': H100_GPU_QUERY });
    const probe = await probeGpus({ command });
    expect(probe.reason).toBeUndefined();
    expect(probe.gpus[0]?.name).toBe('NVIDIA H100 80GB HBM3');
  });

  it('gives an empty list and the reason when nvidia-smi is absent', async () => {
    const probe = await probeGpus({ command: '/nonexistent/nvidia-smi' });
    expect(probe).toEqual({ gpus: [], reason: '/nonexistent/nvidia-smi not found on PATH (no NVIDIA driver here)' });
  });

  it("passes on nvidia-smi's own diagnosis when the driver fails", async () => {
    const probe = await probeGpus({ command: fakeNvidiaSmi({}) });
    expect(probe.gpus).toEqual([]);
    expect(probe.reason).toMatch(/failed: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver/);
  });
});

describe('clocks', () => {
  it('parses clocks, temperature, power and pstate', () => {
    expect(parseClockQuery(H100_CLOCK_QUERY)).toEqual([{ index: 0, smClockMHz: 1980, memClockMHz: 2619, temperatureC: 34, powerW: 72.41, pstate: 'P0' }]);
  });

  it('stamps a sample, with a reason when there is no GPU', async () => {
    const at = () => new Date('2026-11-25T01:00:00Z');
    expect(await sampleGpuClocks({ command: fakeNvidiaSmi({ '--query-gpu': H100_CLOCK_QUERY }) }, at)).toEqual({
      at: '2026-11-25T01:00:00.000Z',
      gpus: parseClockQuery(H100_CLOCK_QUERY),
    });
    const none = await sampleGpuClocks({ command: '/nonexistent/nvidia-smi' }, at);
    expect(none).toMatchObject({ gpus: [], reason: expect.stringContaining('not found') });
  });
});
