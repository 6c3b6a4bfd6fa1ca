/**
 * What a GPU configuration used, read from the process that holds the GPU context (this one
 * for onnxruntime, the Python worker for OpenCV): device memory, the larger of the readings
 * taken after the first run, after warm-up and after sampling (CUDA allocators keep what
 * they took, so the last is the peak held); the CUDA libraries that process mapped; and the
 * GPU's SM clock after sampling (a low clock explains a slow process).
 */
import { sampleGpuClocks } from './clocks.js';
import { deviceMemoryForPid, gpuMemoryUsed, maxDeviceMemory, type DeviceMemory } from './device-memory.js';
import { probeLoadedCudaLibraries } from './loaded-libraries.js';
import type { NvidiaSmiOptions } from './nvidia-smi.js';
import type { OkResult } from '../results/schema.js';

export interface GpuUsageProbe {
  /** Take a device-memory reading of `pid` now. */
  sample(pid: number): Promise<void>;
  /** The GPU's clock state now (call right after sampling). */
  clocks(): Promise<void>;
  finish(pid: number): Pick<OkResult, 'loadedLibraries' | 'gpuAfterSampling'> & {
    memory: Pick<OkResult['memory'], 'deviceBytes' | 'deviceMethod' | 'deviceNote' | 'devicePid'>;
  };
}

/** `smi`: how to run nvidia-smi (tests point it at a fake). */
export async function startGpuUsage(deviceId: number, smi: NvidiaSmiOptions = {}): Promise<GpuUsageProbe> {
  const before = await gpuMemoryUsed(deviceId, smi);
  const baseline = typeof before === 'number' ? { gpuIndex: deviceId, usedBytes: before } : undefined;
  const samples: DeviceMemory[] = [];
  let after: OkResult['gpuAfterSampling'];
  return {
    async sample(pid) {
      samples.push(await deviceMemoryForPid(pid, { ...smi, ...(baseline ? { baseline } : {}) }));
    },
    async clocks() {
      const s = await sampleGpuClocks(smi);
      const gpu = s.gpus.find((g) => g.index === deviceId);
      if (gpu) after = { ...(gpu.smClockMHz !== undefined ? { smClockMHz: gpu.smClockMHz } : {}), ...(gpu.pstate ? { pstate: gpu.pstate } : {}) };
    },
    finish(pid) {
      const m = maxDeviceMemory(samples);
      const libs = probeLoadedCudaLibraries(pid === process.pid ? 'self' : pid);
      return {
        memory: { ...('deviceBytes' in m ? { deviceBytes: m.deviceBytes, deviceMethod: m.deviceMethod } : { deviceNote: m.reason }), devicePid: pid },
        loadedLibraries: { ...libs },
        ...(after ? { gpuAfterSampling: after } : {}),
      };
    },
  };
}
