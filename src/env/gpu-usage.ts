/**
 * What a GPU configuration used, read from the process that holds the GPU context (this one
 * for onnxruntime, the Python worker for OpenCV): device memory, the larger of the readings
 * taken after the first run, after warm-up and after sampling (CUDA allocators keep what
 * they took, so the last is the peak held), and the CUDA libraries that process mapped.
 * (The GPU's clocks around sampling are the machine probe's: env/machine-probe.ts.)
 */

import type { OkResult } from '../results/schema.js';
import { type DeviceMemory, deviceMemoryForPid, gpuMemoryUsed, maxDeviceMemory } from './device-memory.js';
import { probeLoadedCudaLibraries } from './loaded-libraries.js';
import type { NvidiaSmiOptions } from './nvidia-smi.js';

export interface GpuUsageProbe {
  /** Take a device-memory reading of `pid` now. */
  sample(pid: number): Promise<void>;
  finish(pid: number): Pick<OkResult, 'loadedLibraries'> & {
    memory: Pick<OkResult['memory'], 'deviceBytes' | 'deviceMethod' | 'deviceNote' | 'devicePid'>;
  };
}

/** `smi`: how to run nvidia-smi (tests point it at a fake). */
export async function startGpuUsage(deviceId: number, smi: NvidiaSmiOptions = {}): Promise<GpuUsageProbe> {
  const before = await gpuMemoryUsed(deviceId, smi);
  const baseline = typeof before === 'number' ? { gpuIndex: deviceId, usedBytes: before } : undefined;
  const samples: DeviceMemory[] = [];
  return {
    async sample(pid) {
      samples.push(await deviceMemoryForPid(pid, { ...smi, ...(baseline ? { baseline } : {}) }));
    },
    finish(pid) {
      const m = maxDeviceMemory(samples);
      const libs = probeLoadedCudaLibraries(pid === process.pid ? 'self' : pid);
      return {
        memory: { ...('deviceBytes' in m ? { deviceBytes: m.deviceBytes, deviceMethod: m.deviceMethod } : { deviceNote: m.reason }), devicePid: pid },
        loadedLibraries: { ...libs },
      };
    },
  };
}
