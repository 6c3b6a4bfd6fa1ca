import { DnnperfError } from '../errors.js';
import type { BackendTarget } from './engine.js';

const SPEC_RE = /^([a-z][a-z0-9_-]*):([a-z][a-z0-9_]*)(?:\/([a-z][a-z0-9_]*))?$/;

/** Parses `engine:backend[/target]`, e.g. `ort:cuda/fp16` or `opencv:cuda/cuda_fp16`. */
export function parseBackendSpec(text: string): BackendTarget {
  const spec = text.trim().toLowerCase();
  const m = SPEC_RE.exec(spec);
  if (!m) {
    throw new DnnperfError(
      'E_BACKEND',
      `backend '${text}' is not of the form engine:backend[/target] (e.g. ort:cpu, ort:cuda/fp16, opencv:opencv/cpu): run \`dnnperf list\` for the pairs known here`,
    );
  }
  const [, engine, backend, target] = m;
  return { engine: engine!, backend: backend!, ...(target ? { target } : {}), spec };
}

/** Splits a comma-separated `--backend` list. */
export function parseBackendList(list: readonly string[]): BackendTarget[] {
  return list
    .flatMap((s) => s.split(','))
    .filter((s) => s.trim() !== '')
    .map(parseBackendSpec);
}

/** Backends that run on a GPU (onnxruntime's CUDA and TensorRT providers, OpenCV's CUDA backend). */
const GPU_BACKENDS = new Set(['cuda', 'tensorrt']);

export function isGpuBackend(backend: string): boolean {
  return GPU_BACKENDS.has(backend);
}

/** True for a target that computes in FP16 (`ort:cuda/fp16`, `opencv:cuda/cuda_fp16`, `opencl_fp16`). */
export const isFp16Target = (target: string | undefined): boolean => /(^|_)fp16$/.test(target ?? '');
