/**
 * Whether each onnxruntime backend can run here, and the reason when it cannot: CPU always;
 * CUDA and TensorRT when their provider libraries sit beside the binding, the libraries they
 * link against resolve, and a GPU is visible (src/gpu/availability.ts names what is missing).
 */
import { cudaAvailability, probeAvailabilityEnv } from '../../gpu/availability.js';
import type { BackendAvailability } from '../engine.js';
import { CUDA_EP_OPTION_NOTE, ORT_BACKENDS } from './providers.js';

/** `env`: the environment the measuring child will have (the engine's env.* options over this process's). */
export async function probeOrtBackends(bindingDir: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<BackendAvailability[]> {
  const gpu = bindingDir ? cudaAvailability(bindingDir, await probeAvailabilityEnv({}, env)) : undefined;
  const noBinding = { available: false, reason: 'onnxruntime-node has no native binding for this platform' };
  return ORT_BACKENDS.map((def) => {
    const spec = `ort:${def.name}`;
    if (def.providerName === 'CPUExecutionProvider') return { spec, available: true };
    const a = def.providerName === 'TensorrtExecutionProvider' ? gpu?.tensorrt : gpu?.cuda;
    return { spec, ...(a ?? noBinding), notes: [CUDA_EP_OPTION_NOTE] };
  });
}
