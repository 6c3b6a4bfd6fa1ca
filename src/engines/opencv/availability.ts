/**
 * Which pairs can run here, from cv2.dnn.getAvailableTargets per backend, each unavailable
 * one with a reason that says what is missing (built without it, or no device for it).
 */
import type { BackendAvailability } from '../engine.js';
import { builtWith, type OpenCvBuild } from './build-info.js';
import { BACKEND_CONSTANTS, OPENCV_PAIRS, type OpenCvPair, pairSpec } from './targets.js';

export interface Hello {
  version: string;
  /** Backend name -> the targets getAvailableTargets lists; absent when this cv2 lacks the backend constant. */
  targets: Record<string, string[]>;
}

const listed = (backend: string) => `cv2.dnn.getAvailableTargets(${BACKEND_CONSTANTS[backend]})`;

function reasonUnavailable(p: OpenCvPair, hello: Hello, build: OpenCvBuild): string {
  const ocv = `OpenCV ${hello.version}`;
  const targets = hello.targets[p.backend];
  if (targets === undefined) return `${ocv} has no ${BACKEND_CONSTANTS[p.backend]}`;
  if (p.backend === 'cuda' && targets.length === 0) {
    return builtWith(build.cuda)
      ? `${ocv} has CUDA (${build.cuda}) but ${listed('cuda')} is empty: DNN built without cuDNN/OPENCV_DNN_CUDA, or no compatible GPU here`
      : `${ocv} built without CUDA (${listed('cuda')} is empty)`;
  }
  if (p.backend === 'openvino' && targets.length === 0) {
    return `${ocv} built without OpenVINO (${listed('openvino')} is empty)`;
  }
  if (p.target.startsWith('opencl') && !builtWith(build.opencl)) return `${ocv} built without OpenCL`;
  const has = targets.length > 0 ? targets.join(', ') : 'nothing';
  const hint = p.target.startsWith('opencl')
    ? ': no usable OpenCL GPU device here (OpenCV DNN uses OpenCL on GPUs only)'
    : p.target.endsWith('_fp16')
      ? ': the device has no fast FP16'
      : '';
  return `${ocv}: ${listed(p.backend)} lists ${has}, not ${p.target}${hint}`;
}

export function availability(hello: Hello, build: OpenCvBuild): BackendAvailability[] {
  return OPENCV_PAIRS.map((p) =>
    hello.targets[p.backend]?.includes(p.target)
      ? { spec: pairSpec(p), available: true }
      : { spec: pairSpec(p), available: false, reason: reasonUnavailable(p, hello, build) },
  );
}

/** Every pair unavailable for one reason (no python, no cv2). */
export function noneAvailable(reason: string): BackendAvailability[] {
  return OPENCV_PAIRS.map((p) => ({ spec: pairSpec(p), available: false, reason }));
}
