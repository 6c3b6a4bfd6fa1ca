/**
 * What a GPU configuration used: device memory (the larger of the reading after the first
 * run and the one after sampling, from nvidia-smi) and the CUDA libraries this process loaded.
 */
import { deviceMemoryForPid, gpuMemoryUsed, maxDeviceMemory, type DeviceMemory } from './device-memory.js';
import { probeLoadedCudaLibraries } from './loaded-libraries.js';
import type { OkResult } from '../results/schema.js';

export interface GpuUsageProbe {
  /** Take a device-memory reading now. */
  sample(): Promise<void>;
  finish(): { memory: Pick<OkResult['memory'], 'deviceBytes' | 'deviceMethod' | 'deviceNote'>; loadedLibraries: Record<string, unknown> };
}

export async function startGpuUsage(deviceId: number): Promise<GpuUsageProbe> {
  const before = await gpuMemoryUsed(deviceId);
  const baseline = typeof before === 'number' ? { gpuIndex: deviceId, usedBytes: before } : undefined;
  const samples: DeviceMemory[] = [];
  return {
    async sample() {
      samples.push(await deviceMemoryForPid(process.pid, baseline ? { baseline } : {}));
    },
    finish() {
      const m = maxDeviceMemory(samples);
      const libs = probeLoadedCudaLibraries('self');
      return {
        memory: 'deviceBytes' in m ? { deviceBytes: m.deviceBytes, deviceMethod: m.deviceMethod } : { deviceNote: m.reason },
        loadedLibraries: { ...libs },
      };
    },
  };
}
