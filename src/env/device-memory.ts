/**
 * Device memory one process holds, as the driver reports it. Sampled after the first run
 * and at the end of sampling; the result keeps the larger (`maxDeviceMemory`).
 */
import { MIB, type NvidiaSmiOptions, numberField, parseCsvRows, runNvidiaSmi } from './nvidia-smi.js';

export const PER_PROCESS_METHOD = 'nvidia-smi per-process used_memory (includes CUDA context)';
/** Inside a container nvidia-smi often cannot see the process: the GPU-wide delta is the fallback. */
export const GPU_DELTA_METHOD =
  'nvidia-smi GPU memory.used minus the idle baseline taken before the child (GPU-wide: includes CUDA context and any other process)';

export type DeviceMemory = { deviceBytes: number; deviceMethod: string } | { reason: string };

export interface DeviceMemoryOptions extends NvidiaSmiOptions {
  /** GPU-wide memory.used before the child started (from `gpuMemoryUsed`), for the fallback. */
  baseline?: { gpuIndex: number; usedBytes: number };
}

/** Parses `--query-compute-apps=pid,used_memory --format=csv,noheader,nounits` into bytes per pid (summed over GPUs). */
export function parseComputeApps(text: string): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const [pidField, usedField] of parseCsvRows(text)) {
    const pid = numberField(pidField);
    const usedMiB = numberField(usedField);
    if (pid === undefined || usedMiB === undefined) continue; // "No running processes found", [N/A]
    byPid.set(pid, (byPid.get(pid) ?? 0) + usedMiB * MIB);
  }
  return byPid;
}

/** GPU-wide memory.used of one GPU in bytes, or the reason it is unknown. */
export async function gpuMemoryUsed(gpuIndex: number, options: NvidiaSmiOptions = {}): Promise<number | { reason: string }> {
  const res = await runNvidiaSmi(['--query-gpu=index,memory.used', '--format=csv,noheader,nounits'], options);
  if (!res.ok) return { reason: res.reason };
  const row = parseCsvRows(res.stdout).find((f) => numberField(f[0]) === gpuIndex);
  const usedMiB = numberField(row?.[1]);
  return usedMiB === undefined ? { reason: `nvidia-smi reports no memory.used for GPU ${gpuIndex}` } : usedMiB * MIB;
}

export async function deviceMemoryForPid(pid: number, options: DeviceMemoryOptions = {}): Promise<DeviceMemory> {
  const res = await runNvidiaSmi(['--query-compute-apps=pid,used_memory', '--format=csv,noheader,nounits'], options);
  if (!res.ok) return { reason: res.reason };
  const bytes = parseComputeApps(res.stdout).get(pid);
  if (bytes !== undefined) return { deviceBytes: bytes, deviceMethod: PER_PROCESS_METHOD };
  const notListed = `nvidia-smi lists no compute process with pid ${pid} (a container's pid namespace hides it)`;
  if (!options.baseline) return { reason: notListed };
  const used = await gpuMemoryUsed(options.baseline.gpuIndex, options);
  if (typeof used !== 'number') return { reason: `${notListed}; ${used.reason}` };
  return { deviceBytes: Math.max(0, used - options.baseline.usedBytes), deviceMethod: GPU_DELTA_METHOD };
}

/** The largest measured sample; a reason only when no sample was measured. */
export function maxDeviceMemory(samples: DeviceMemory[]): DeviceMemory {
  let best: DeviceMemory | undefined;
  for (const s of samples) {
    if ('deviceBytes' in s && (best === undefined || !('deviceBytes' in best) || s.deviceBytes > best.deviceBytes)) best = s;
  }
  return best ?? samples[0] ?? { reason: 'no device memory sample taken' };
}
