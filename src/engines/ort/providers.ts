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

/**
 * What the onnxruntime-node 1.29 binding gives the CUDA and TensorRT providers: it creates
 * OrtCUDAProviderOptionsV2 / OrtTensorRTProviderOptionsV2 with their defaults and sets only
 * `device_id` from `deviceId` (js/node/src/session_options_helper.cc; the binding's strings
 * hold no other provider option name). Every other provider option keeps its default.
 */
export const CUDA_EP_OPTION_NOTE =
  'CUDA EP options: the onnxruntime-node 1.29 binding passes deviceId only; use_tf32 (default 1), ' +
  'cudnn_conv_algo_search (default EXHAUSTIVE), enable_cuda_graph (default 0), cudnn_conv_use_max_workspace, ' +
  'gpu_mem_limit and arena_extend_strategy keep their defaults and cannot be set; --option tf32=off turns TF32 off ' +
  'through NVIDIA_TF32_OVERRIDE=0 for the measuring process';

/** Provider options users ask for that the binding cannot pass, in onnxruntime's and the JS API's spellings. */
export const UNPASSABLE_GPU_OPTIONS: readonly string[] = [
  'use_tf32',
  'useTf32',
  'cudnn_conv_algo_search',
  'cudnnConvAlgoSearch',
  'enable_cuda_graph',
  'enableCudaGraph',
  'cudnn_conv_use_max_workspace',
  'cudnnConvUseMaxWorkspace',
  'gpu_mem_limit',
  'gpuMemLimit',
  'arena_extend_strategy',
  'arenaExtendStrategy',
  'do_copy_in_default_stream',
  'prefer_nhwc',
  'trt_fp16_enable',
  'trt_int8_enable',
  'trt_engine_cache_enable',
];
