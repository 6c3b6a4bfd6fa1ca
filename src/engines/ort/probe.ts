/**
 * Whether each onnxruntime backend can run here, and the reason when it cannot: CPU always;
 * CUDA and TensorRT when their provider libraries sit beside the binding, the libraries they
 * link against resolve, and a GPU is visible (src/gpu/availability.ts names what is missing).
 */
import { cudaAvailability, probeAvailabilityEnv } from '../../gpu/availability.js';
import type { BackendAvailability } from '../engine.js';
import { ORT_BACKENDS } from './providers.js';

export async function probeOrtBackends(bindingDir: string | undefined): Promise<BackendAvailability[]> {
  const gpu = bindingDir ? cudaAvailability(bindingDir, await probeAvailabilityEnv()) : undefined;
  const noBinding = { available: false, reason: 'onnxruntime-node has no native binding for this platform' };
  return ORT_BACKENDS.map((def) => {
    const spec = `ort:${def.name}`;
    if (def.providerName === 'CPUExecutionProvider') return { spec, available: true };
    const a = def.providerName === 'TensorrtExecutionProvider' ? gpu?.tensorrt : gpu?.cuda;
    return { spec, ...(a ?? noBinding) };
  });
}
