import { describe, expect, it } from 'vitest';
import { availability } from '../../src/engines/opencv/availability.js';
import { parseBuildInformation } from '../../src/engines/opencv/build-info.js';

// Excerpts of cv2.getBuildInformation(): Debian's 4.6.0 (no CUDA line at all) and a CUDA build.
const DEBIAN = `
General configuration for OpenCV 4.6.0 =====================================
  CPU/HW features:
    Baseline:                    SSE SSE2
    Dispatched code generation:  SSE4_1 SSE4_2 FP16 AVX AVX2 AVX512_SKX
  Parallel framework:            TBB (ver 2021.8 interface 12080)
  Other third-party libraries:
    Lapack:                      YES (/usr/lib/x86_64-linux-gnu/liblapack.so)
  OpenCL:                        YES (no extra features)
    Include path:                /usr/include/CL
`;
const CUDA_BUILD = `
  Parallel framework:            pthreads
  Other third-party libraries:
    OpenVINO:                    YES (2022.1.0)
  NVIDIA CUDA:                   YES (ver 12.2, CUFFT CUBLAS FAST_MATH)
    NVIDIA GPU arch:             86
  cuDNN:                         YES (ver 8.9.4)
  OpenCL:                        NO
`;

describe('parseBuildInformation', () => {
  it('reads the fields that decide what DNN can run', () => {
    expect(parseBuildInformation(DEBIAN)).toEqual({
      cuda: 'NO (not in build information)',
      cudnn: 'NO (not in build information)',
      opencl: 'YES (no extra features)',
      parallelFramework: 'TBB (ver 2021.8 interface 12080)',
      inferenceEngine: 'NO (not in build information)',
      cpuBaseline: 'SSE SSE2',
      cpuDispatched: 'SSE4_1 SSE4_2 FP16 AVX AVX2 AVX512_SKX',
      lapack: 'YES (/usr/lib/x86_64-linux-gnu/liblapack.so)',
    });
    expect(parseBuildInformation(CUDA_BUILD)).toMatchObject({
      cuda: 'YES (ver 12.2, CUFFT CUBLAS FAST_MATH)',
      cudnn: 'YES (ver 8.9.4)',
      opencl: 'NO',
      inferenceEngine: 'YES (2022.1.0)',
    });
  });
});

describe('availability', () => {
  it('on a CPU-only build: cpu only, each other pair with its reason', () => {
    const got = availability({ version: '4.6.0', targets: { opencv: ['cpu'], cuda: [], openvino: [] } }, parseBuildInformation(DEBIAN));
    expect(got).toEqual([
      { spec: 'opencv:opencv/cpu', available: true },
      {
        spec: 'opencv:opencv/opencl',
        available: false,
        reason:
          'OpenCV 4.6.0: cv2.dnn.getAvailableTargets(DNN_BACKEND_OPENCV) lists cpu, not opencl: no usable OpenCL GPU device here (OpenCV DNN uses OpenCL on GPUs only)',
      },
      {
        spec: 'opencv:opencv/opencl_fp16',
        available: false,
        reason:
          'OpenCV 4.6.0: cv2.dnn.getAvailableTargets(DNN_BACKEND_OPENCV) lists cpu, not opencl_fp16: no usable OpenCL GPU device here (OpenCV DNN uses OpenCL on GPUs only)',
      },
      { spec: 'opencv:cuda/cuda', available: false, reason: 'OpenCV 4.6.0 built without CUDA (cv2.dnn.getAvailableTargets(DNN_BACKEND_CUDA) is empty)' },
      { spec: 'opencv:cuda/cuda_fp16', available: false, reason: 'OpenCV 4.6.0 built without CUDA (cv2.dnn.getAvailableTargets(DNN_BACKEND_CUDA) is empty)' },
      {
        spec: 'opencv:openvino/cpu',
        available: false,
        reason: 'OpenCV 4.6.0 built without OpenVINO (cv2.dnn.getAvailableTargets(DNN_BACKEND_INFERENCE_ENGINE) is empty)',
      },
    ]);
  });

  it('tells a CUDA build without a usable GPU, and a GPU without fast FP16, from no CUDA', () => {
    const build = parseBuildInformation(CUDA_BUILD);
    const noGpu = availability({ version: '4.10.0', targets: { opencv: ['cpu'], cuda: [] } }, build);
    expect(noGpu[3]!.reason).toMatch(/^OpenCV 4\.10\.0 has CUDA \(YES \(ver 12\.2.*\) but cv2\.dnn\.getAvailableTargets\(DNN_BACKEND_CUDA\) is empty/);
    expect(noGpu[1]!.reason).toBe('OpenCV 4.10.0 built without OpenCL');
    expect(noGpu[5]!.reason).toBe('OpenCV 4.10.0 has no DNN_BACKEND_INFERENCE_ENGINE');
    const noFp16 = availability({ version: '4.10.0', targets: { opencv: ['cpu'], cuda: ['cuda'] } }, build);
    expect(noFp16[3]).toEqual({ spec: 'opencv:cuda/cuda', available: true });
    expect(noFp16[4]!.reason).toBe('OpenCV 4.10.0: cv2.dnn.getAvailableTargets(DNN_BACKEND_CUDA) lists cuda, not cuda_fp16: the device has no fast FP16');
  });
});
