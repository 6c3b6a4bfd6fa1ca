/**
 * GPU clocks, temperature and power at one instant. The run samples them before and after
 * a suite: a GPU that throttled or dropped its clocks midway explains a drift in the medians.
 */
import { type NvidiaSmiOptions, numberField, parseCsvRows, runNvidiaSmi, textField } from './nvidia-smi.js';

export const CLOCK_QUERY_FIELDS = ['index', 'clocks.sm', 'clocks.mem', 'temperature.gpu', 'power.draw', 'pstate'] as const;

export interface GpuClockReading {
  index: number;
  smClockMHz?: number;
  memClockMHz?: number;
  temperatureC?: number;
  powerW?: number;
  /** Performance state, P0 (max) ... P12 (idle). */
  pstate?: string;
}

export type GpuClockSample = { at: string; gpus: GpuClockReading[] } | { at: string; gpus: []; reason: string };

export function parseClockQuery(text: string): GpuClockReading[] {
  return parseCsvRows(text).map((f) => ({
    index: numberField(f[0]) ?? 0,
    smClockMHz: numberField(f[1]),
    memClockMHz: numberField(f[2]),
    temperatureC: numberField(f[3]),
    powerW: numberField(f[4]),
    pstate: textField(f[5]),
  }));
}

/** Call at the start and at the end of a run; store both in the environment's `extra`. */
export async function sampleGpuClocks(options: NvidiaSmiOptions = {}, now: () => Date = () => new Date()): Promise<GpuClockSample> {
  const res = await runNvidiaSmi([`--query-gpu=${CLOCK_QUERY_FIELDS.join(',')}`, '--format=csv,noheader,nounits'], options);
  const at = now().toISOString();
  return res.ok ? { at, gpus: parseClockQuery(res.stdout) } : { at, gpus: [], reason: res.reason };
}
