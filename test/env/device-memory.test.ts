import { describe, expect, it } from 'vitest';
import { deviceMemoryForPid, GPU_DELTA_METHOD, maxDeviceMemory, PER_PROCESS_METHOD, parseComputeApps } from '../../src/env/device-memory.js';
import { COMPUTE_APPS, fakeNvidiaSmi, MEMORY_USED } from './fake-nvidia-smi.js';

const MIB = 1024 * 1024;

describe('parseComputeApps', () => {
  it('sums a pid over GPUs and skips non-process lines', () => {
    const apps = parseComputeApps('4242, 1536\n4242, 512\n777, [N/A]\nNo running processes found\n');
    expect([...apps]).toEqual([[4242, 2048 * MIB]]);
  });
});

describe('deviceMemoryForPid', () => {
  it("reads the pid's used_memory", async () => {
    const command = fakeNvidiaSmi({ '--query-compute-apps': COMPUTE_APPS });
    expect(await deviceMemoryForPid(4242, { command })).toEqual({ deviceBytes: 1536 * MIB, deviceMethod: PER_PROCESS_METHOD });
  });

  it('says why when the pid is not listed and no baseline was taken', async () => {
    const command = fakeNvidiaSmi({ '--query-compute-apps': '' });
    expect(await deviceMemoryForPid(4242, { command })).toEqual({
      reason: "nvidia-smi lists no compute process with pid 4242 (a container's pid namespace hides it)",
    });
  });

  it('falls back to the GPU-wide delta over the baseline, naming that method', async () => {
    const command = fakeNvidiaSmi({ '--query-compute-apps': '', '--query-gpu': MEMORY_USED });
    const got = await deviceMemoryForPid(4242, { command, baseline: { gpuIndex: 0, usedBytes: 10 * MIB } });
    expect(got).toEqual({ deviceBytes: 3000 * MIB, deviceMethod: GPU_DELTA_METHOD });
  });

  it('gives the reason when nvidia-smi is absent', async () => {
    expect(await deviceMemoryForPid(1, { command: '/nonexistent/nvidia-smi' })).toHaveProperty('reason');
  });
});

describe('maxDeviceMemory', () => {
  it('keeps the largest measured sample', () => {
    const a = { deviceBytes: 5, deviceMethod: PER_PROCESS_METHOD };
    const b = { deviceBytes: 9, deviceMethod: PER_PROCESS_METHOD };
    expect(maxDeviceMemory([{ reason: 'x' }, a, b, a])).toBe(b);
    expect(maxDeviceMemory([{ reason: 'x' }])).toEqual({ reason: 'x' });
    expect(maxDeviceMemory([])).toEqual({ reason: 'no device memory sample taken' });
  });
});
