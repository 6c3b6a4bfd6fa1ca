/**
 * onnxruntime backend/target pairs and the execution providers each one asks for.
 * The FP16 targets run an FP16 model made by src/models/fp16 on the same provider.
 */
import type { InferenceSession } from 'onnxruntime-node';

export interface OrtBackendDef {
  /** `backend[/target]` as written after `ort:`. */
  name: string;
  /** The execution provider whose nodes count as "on the requested backend". */
  providerName: string;
  /** True when the model is converted to FP16 before it runs. */
  fp16: boolean;
  executionProviders(deviceId: number): InferenceSession.ExecutionProviderConfig[];
}

export const ORT_BACKENDS: readonly OrtBackendDef[] = [
  { name: 'cpu', providerName: 'CPUExecutionProvider', fp16: false, executionProviders: () => ['cpu'] },
  // FP16 on the CPU is rarely fast, but it runs the whole FP16 path (conversion, accuracy) where CI can.
  { name: 'cpu/fp16', providerName: 'CPUExecutionProvider', fp16: true, executionProviders: () => ['cpu'] },
  {
    name: 'cuda',
    providerName: 'CUDAExecutionProvider',
    fp16: false,
    executionProviders: (deviceId) => [{ name: 'cuda', deviceId }],
  },
  {
    name: 'cuda/fp16',
    providerName: 'CUDAExecutionProvider',
    fp16: true,
    executionProviders: (deviceId) => [{ name: 'cuda', deviceId }],
  },
  {
    name: 'tensorrt',
    providerName: 'TensorrtExecutionProvider',
    fp16: false,
    executionProviders: (deviceId) => [{ name: 'tensorrt', deviceId }],
  },
  {
    name: 'tensorrt/fp16',
    providerName: 'TensorrtExecutionProvider',
    fp16: true,
    executionProviders: (deviceId) => [{ name: 'tensorrt', deviceId }],
  },
];

export function findOrtBackend(backend: string, target?: string): OrtBackendDef | undefined {
  const name = target ? `${backend}/${target}` : backend;
  return ORT_BACKENDS.find((b) => b.name === name);
}
