/**
 * The machine state around one sampling phase, as the measuring process records it: the CPU
 * snapshot inside, the GPU readings (nvidia-smi, a process of its own) outside the window, so
 * nvidia-smi's own CPU time never counts as another process's.
 */
import type { MachineState } from '../results/schema.js';
import { gpuDisturbance, readGpuState } from './gpu-state.js';
import { addressRandomization, machineStateBetween, type SnapshotSources, takeMachineSnapshot } from './machine-state.js';
import type { NvidiaSmiOptions } from './nvidia-smi.js';

export interface MachineProbe {
  /** Ends the window and returns what happened in it. */
  finish(): Promise<MachineState>;
}

export interface MachineProbeOptions extends SnapshotSources {
  /** The GPU to read before and after (GPU backends); undefined = no GPU reading. */
  gpuDeviceId?: number;
  nvidiaSmi?: NvidiaSmiOptions;
}

export async function startMachineProbe(o: MachineProbeOptions = {}): Promise<MachineProbe> {
  const gpuBefore = o.gpuDeviceId === undefined ? undefined : await readGpuState(o.gpuDeviceId, o.nvidiaSmi);
  const before = takeMachineSnapshot(o);
  const aslr = addressRandomization(o.root ?? '/');
  return {
    async finish() {
      const cpu = { ...machineStateBetween(before, takeMachineSnapshot(o)), ...(aslr ? { addressRandomization: aslr } : {}) };
      if (o.gpuDeviceId === undefined || !gpuBefore) return cpu;
      const gpuAfter = await readGpuState(o.gpuDeviceId, o.nvidiaSmi);
      if (!gpuBefore.ok || !gpuAfter.ok)
        return { ...cpu, gpuNote: `GPU state not recorded: ${gpuBefore.ok ? (gpuAfter.ok ? '' : gpuAfter.reason) : gpuBefore.reason}` };
      const gpu = gpuDisturbance(gpuBefore.state, gpuAfter.state);
      const disturbance = [cpu.disturbance, gpu].filter(Boolean).join('; ');
      return { ...cpu, gpu: { before: gpuBefore.state, after: gpuAfter.state }, ...(disturbance ? { disturbance } : {}) };
    },
  };
}
