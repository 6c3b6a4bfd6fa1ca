/**
 * The backend/target pairs dnnperf measures, in OpenCV's own names (DNN_BACKEND_* and
 * DNN_TARGET_*, lower case): `opencv:opencv/cpu`, `opencv:cuda/cuda_fp16`, ...
 */
import { DnnperfError } from '../../errors.js';
import type { BackendTarget } from '../engine.js';

export interface OpenCvPair {
  backend: string;
  target: string;
}

export const OPENCV_PAIRS: readonly OpenCvPair[] = [
  { backend: 'opencv', target: 'cpu' },
  { backend: 'opencv', target: 'opencl' },
  { backend: 'opencv', target: 'opencl_fp16' },
  { backend: 'cuda', target: 'cuda' },
  { backend: 'cuda', target: 'cuda_fp16' },
  { backend: 'openvino', target: 'cpu' },
];

/** OpenCV's constant for each backend name, for messages. */
export const BACKEND_CONSTANTS: Record<string, string> = {
  opencv: 'DNN_BACKEND_OPENCV',
  cuda: 'DNN_BACKEND_CUDA',
  openvino: 'DNN_BACKEND_INFERENCE_ENGINE',
};

/** `opencv:cuda/cuda_fp16`, or under an alias given with --engine (`cv410:cuda/cuda_fp16`). */
export const pairSpec = (p: OpenCvPair, engine = 'opencv'): string => `${engine}:${p.backend}/${p.target}`;

/** The pair a spec asks for, or E_BACKEND naming the known ones. */
export function resolvePair(bt: BackendTarget): OpenCvPair {
  const pair = OPENCV_PAIRS.find((p) => p.backend === bt.backend && p.target === bt.target);
  if (!pair) {
    throw new DnnperfError('E_BACKEND', `unknown OpenCV backend/target '${bt.spec}': use one of ${OPENCV_PAIRS.map((p) => pairSpec(p)).join(', ')}`);
  }
  return pair;
}
