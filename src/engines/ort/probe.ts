/** Whether each onnxruntime backend can run here, and the reason when it cannot. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { OrtBackendDef } from './providers.js';

const PROVIDER_LIB: Record<string, string> = {
  CUDAExecutionProvider: 'libonnxruntime_providers_cuda.so',
  TensorrtExecutionProvider: 'libonnxruntime_providers_tensorrt.so',
};

export function probeOrtBackend(def: OrtBackendDef, bindingDir: string | undefined): { available: boolean; reason?: string } {
  if (def.providerName === 'CPUExecutionProvider') return { available: true };
  if (!bindingDir) return { available: false, reason: 'onnxruntime-node has no native binding for this platform' };
  const lib = PROVIDER_LIB[def.providerName]!;
  if (!existsSync(join(bindingDir, lib))) {
    return { available: false, reason: `${lib} is not beside the onnxruntime binding in ${bindingDir}: run \`dnnperf install-cuda\`` };
  }
  return { available: true };
}
