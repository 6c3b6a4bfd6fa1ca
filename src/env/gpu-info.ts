/**
 * Which NVIDIA GPUs this machine has (name, driver, memory, UUID, clocks) for the
 * environment record, from `nvidia-smi --query-gpu`.
 */
import type { z } from 'zod';
import type { gpuInfoSchema } from '../results/schema.js';
import { MIB, type NvidiaSmiOptions, numberField, parseCsvRows, runNvidiaSmi, textField } from './nvidia-smi.js';

export type GpuInfo = z.infer<typeof gpuInfoSchema>;

/** `name` goes last: the parser joins any commas in it back together. */
export const GPU_QUERY_FIELDS = ['index', 'driver_version', 'memory.total', 'uuid', 'clocks.sm', 'clocks.mem', 'name'] as const;

/** GPUs found, or none and the reason (no driver, driver failing). */
export interface GpuProbe {
  gpus: GpuInfo[];
  reason?: string;
}

/** Parses `--query-gpu=<GPU_QUERY_FIELDS> --format=csv,noheader,nounits` (memory in MiB, clocks in MHz). */
export function parseGpuQuery(text: string): GpuInfo[] {
  return parseCsvRows(text).map((f) => {
    const index = numberField(f[0]);
    const memMiB = numberField(f[2]);
    return {
      index: index ?? 0,
      name: f.slice(6).join(', '),
      driver: textField(f[1]),
      memoryTotalBytes: memMiB === undefined ? undefined : memMiB * MIB,
      uuid: textField(f[3]),
      smClockMHz: numberField(f[4]),
      memClockMHz: numberField(f[5]),
    };
  });
}

export async function probeGpus(options: NvidiaSmiOptions = {}): Promise<GpuProbe> {
  const res = await runNvidiaSmi([`--query-gpu=${GPU_QUERY_FIELDS.join(',')}`, '--format=csv,noheader,nounits'], options);
  if (!res.ok) return { gpus: [], reason: res.reason };
  const gpus = parseGpuQuery(res.stdout);
  return gpus.length > 0 ? { gpus } : { gpus, reason: 'nvidia-smi lists no GPU' };
}
