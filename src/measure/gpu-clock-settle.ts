/**
 * GPU warm-up until the SM clock has settled: an idle GPU sits at a low clock (345 MHz on the
 * H100 and H200 here) and ramps up over seconds under load, so samples taken during the ramp
 * mix two speeds. After the warm-up, the clock is read between short bursts of more warm-up
 * runs until it is near its maximum or holds still (a power cap or application clocks keep it
 * lower), or the cap is reached.
 */
import { readGpuState } from '../env/gpu-state.js';
import type { NvidiaSmiOptions } from '../env/nvidia-smi.js';

/** Near its maximum: settled. */
const NEAR_MAX = 0.9;
/** Two readings this close (share of the maximum) are a clock that holds still. */
const STILL = 0.02;
/** Warm-up runs between readings, ms. */
const BURST_MS = 250;

export interface GpuClockSettling {
  smClockMHz?: number;
  maxSmClockMHz?: number;
  settled: boolean;
  /** Extra warm-up spent waiting, ms. */
  waitedMs: number;
  note?: string;
}

export async function settleGpuClock(
  deviceId: number,
  warmFor: (ms: number) => Promise<number>,
  maxMs: number,
  nvidiaSmi: NvidiaSmiOptions = {},
): Promise<GpuClockSettling> {
  let waitedMs = 0;
  let previous: number | undefined;
  for (;;) {
    const r = await readGpuState(deviceId, nvidiaSmi);
    if (!r.ok) return { settled: false, waitedMs, note: `GPU clock not read: ${r.reason}` };
    const { smClockMHz: now, maxSmClockMHz: max } = r.state;
    if (now === undefined || max === undefined) return { settled: false, waitedMs, note: 'nvidia-smi reports no SM clock for this GPU' };
    const near = now >= NEAR_MAX * max;
    const still = previous !== undefined && Math.abs(now - previous) <= STILL * max;
    if (near || still) return { smClockMHz: now, maxSmClockMHz: max, settled: true, waitedMs };
    if (waitedMs >= maxMs) return { smClockMHz: now, maxSmClockMHz: max, settled: false, waitedMs };
    previous = now;
    waitedMs += await warmFor(BURST_MS);
  }
}
