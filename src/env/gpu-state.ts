/**
 * A GPU's SM clock and clock throttle reasons at one instant (nvidia-smi), read before and
 * after a GPU configuration's samples: a clock that moved during sampling, or a thermal or
 * hardware slowdown, disturbs the measurement the way a busy CPU does.
 */
import type { GpuState } from '../results/schema.js';
import { type NvidiaSmiOptions, numberField, parseCsvRows, runNvidiaSmi } from './nvidia-smi.js';

export const GPU_STATE_FIELDS = ['index', 'clocks.sm', 'clocks.max.sm', 'clocks_throttle_reasons.active', 'temperature.gpu'] as const;

/** NVML's clock throttle reason bits (nvml.h, nvmlClocksThrottleReason*). */
const THROTTLE_BITS: Array<[number, string]> = [
  [0x1, 'gpu_idle'],
  [0x2, 'applications_clocks_setting'],
  [0x4, 'sw_power_cap'],
  [0x8, 'hw_slowdown'],
  [0x10, 'sync_boost'],
  [0x20, 'sw_thermal_slowdown'],
  [0x40, 'hw_thermal_slowdown'],
  [0x80, 'hw_power_brake_slowdown'],
  [0x100, 'display_clock_setting'],
];

/** Reasons that mean the GPU was slowed against its will (heat, power brake, hardware): a disturbance. */
export const DISTURBING_THROTTLE_REASONS = new Set(['hw_slowdown', 'sw_thermal_slowdown', 'hw_thermal_slowdown', 'hw_power_brake_slowdown']);

/** The SM clock moving by more than this share during sampling disturbs it. */
export const SM_CLOCK_CHANGE_LIMIT = 0.1;

export function throttleReasonNames(field: string | undefined): string[] {
  if (!field || !/^0x[0-9a-f]+$/i.test(field.trim())) return [];
  const mask = Number.parseInt(field.trim().slice(2), 16);
  return THROTTLE_BITS.filter(([bit]) => (mask & bit) !== 0).map(([, name]) => name);
}

export function parseGpuStateQuery(text: string): GpuState[] {
  return parseCsvRows(text).map((f) => ({
    index: numberField(f[0]) ?? 0,
    smClockMHz: numberField(f[1]),
    maxSmClockMHz: numberField(f[2]),
    throttleReasons: throttleReasonNames(f[3]),
    temperatureC: numberField(f[4]),
  }));
}

export type GpuStateReading = { ok: true; state: GpuState } | { ok: false; reason: string };

export async function readGpuState(deviceId: number, options: NvidiaSmiOptions = {}): Promise<GpuStateReading> {
  const res = await runNvidiaSmi([`--query-gpu=${GPU_STATE_FIELDS.join(',')}`, '--format=csv,noheader,nounits', `--id=${deviceId}`], options);
  if (!res.ok) return { ok: false, reason: res.reason };
  const state = parseGpuStateQuery(res.stdout)[0];
  return state ? { ok: true, state } : { ok: false, reason: `nvidia-smi listed no GPU ${deviceId}` };
}

/** The one-line disturbance between two readings of the measured GPU, or undefined. */
export function gpuDisturbance(before: GpuState, after: GpuState): string | undefined {
  const reasons: string[] = [];
  const slowed = [...new Set([...before.throttleReasons, ...after.throttleReasons])].filter((r) => DISTURBING_THROTTLE_REASONS.has(r));
  if (slowed.length > 0) reasons.push(`GPU ${after.index} throttled (${slowed.join(', ')})`);
  const a = before.smClockMHz;
  const b = after.smClockMHz;
  if (a !== undefined && b !== undefined && Math.abs(b - a) > SM_CLOCK_CHANGE_LIMIT * Math.max(a, b)) {
    reasons.push(
      `GPU ${after.index} SM clock moved from ${a} to ${b} MHz during sampling${b > a ? ' (still ramping up: a longer --warmup-time lets it settle)' : ''}`,
    );
  }
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}
