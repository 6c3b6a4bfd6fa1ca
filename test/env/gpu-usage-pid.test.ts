/**
 * Device memory and loaded libraries come from the process that holds the GPU context: for
 * OpenCV that is the Python worker, which nvidia-smi lists, not the Node child around it.
 * nvidia-smi answers with the row recorded on the H200 (test/fixtures/h200-probe).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GPU_DELTA_METHOD, PER_PROCESS_METHOD } from '../../src/env/device-memory.js';
import { startGpuUsage } from '../../src/env/gpu-usage.js';
import { fakeNvidiaSmi } from './fake-nvidia-smi.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'h200-probe');
const MIB = 1024 * 1024;
/** The recorded row: pid 551 (the CUDA cv2 process) held 748 MiB. */
const COMPUTE_APPS = readFileSync(join(FIXTURES, 'nvidia-smi-compute-apps-nounits.txt'), 'utf8');
const WORKER_PID = 551;

function smi(): string {
  return fakeNvidiaSmi({
    '--query-compute-apps': COMPUTE_APPS,
    '--query-gpu=index,memory.used': '0, 1200\n',
  });
}

describe('GPU usage of the process that holds the context', () => {
  it("reads the worker's own used_memory, and its peak over the readings", async () => {
    const usage = await startGpuUsage(0, { command: smi() });
    await usage.sample(WORKER_PID);
    await usage.sample(WORKER_PID);
    const got = usage.finish(WORKER_PID);
    expect(got.memory).toEqual({ deviceBytes: 748 * MIB, deviceMethod: PER_PROCESS_METHOD, devicePid: WORKER_PID });
  });

  it('the Node process is not listed: only the GPU-wide delta would be left, and it says so', async () => {
    const usage = await startGpuUsage(0, { command: smi() });
    await usage.sample(process.pid);
    const got = usage.finish(process.pid);
    expect(got.memory).toMatchObject({ deviceMethod: GPU_DELTA_METHOD, devicePid: process.pid });
  });

  it('reads the memory map of the pid it is given, not its own', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await new Promise((r) => child.once('spawn', r));
      const usage = await startGpuUsage(0, { command: smi() });
      const libs = usage.finish(child.pid!).loadedLibraries as { libraries?: unknown[]; reason?: string };
      // sleep maps no CUDA library; a failure to read its maps would come back as a reason instead.
      expect(libs.reason).toBeUndefined();
      expect(libs.libraries).toEqual([]);
    } finally {
      child.kill();
    }
  });
});
