import { describe, expect, it } from 'vitest';
import { detectFallback, logMessage } from '../../src/engines/opencv/fallback.js';

const CUDA = { backend: 'cuda', target: 'cuda' };
const CUDA_FP16 = { backend: 'cuda', target: 'cuda_fp16' };
// Real lines: Debian's 4.6.0 on this machine, a Windows 4.x wheel, OpenCV 5.0's new engine.
const NOT_BUILT = '[ WARN:0@0.143] global ./modules/dnn/src/net_impl.cpp (179) setUpNet DNN module was not built with CUDA backend; switching to CPU';
const NOT_BUILT_WIN =
  '[ WARN:0] global C:\\Users\\appveyor\\opencv\\modules\\dnn\\src\\dnn.cpp (1429) cv::dnn::dnn4_v20200609::Net::Impl::setUpNet DNN module was not built with CUDA backend; switching to CPU';
const NO_FP16 = '[ WARN:0@1.2] global net_impl_cuda.cpp:104 initCUDABackend The selected CUDA device does not support FP16 target; switching to FP32 target.';
const NEW_ENGINE = [
  '[ WARN:0@0.100] global net_impl_backend.cpp:297 setPreferableBackend Back-ends are not supported by the new graph engine for now',
  '[ WARN:0@0.100] global net_impl_backend.cpp:345 setPreferableTarget Targets are not supported by the new graph engine for now',
].join('\n');

describe('logMessage', () => {
  it('strips the log prefix in both file formats', () => {
    expect(logMessage(NOT_BUILT)).toBe('DNN module was not built with CUDA backend; switching to CPU');
    expect(logMessage(NOT_BUILT_WIN)).toBe('DNN module was not built with CUDA backend; switching to CPU');
    expect(logMessage(NO_FP16)).toBe('The selected CUDA device does not support FP16 target; switching to FP32 target.');
  });
});

describe('detectFallback', () => {
  it('sees CUDA switched to the CPU from the warning alone', () => {
    const d = detectFallback(CUDA_FP16, { log: `${NOT_BUILT}\n`, layerTargets: null });
    expect(d.actual).toEqual({ backend: 'opencv', target: 'cpu' });
    expect(d.fallback).toBe(true);
    expect(d.notes[0]).toMatch(/not built with CUDA backend/);
  });

  it('sees CUDA_FP16 run as CUDA FP32, the log winning over the layers', () => {
    const d = detectFallback(CUDA_FP16, { log: NO_FP16, layerTargets: ['cuda_fp16'] });
    expect(d.actual).toEqual(CUDA);
    expect(d.fallback).toBe(true);
  });

  it('sees OpenCL fall back to the CPU, or OpenCL FP16 to FP32', () => {
    const toCpu = 'DNN: OpenCL target is not supported with current OpenCL device (tested with GPUs only), switching to CPU.';
    expect(detectFallback({ backend: 'opencv', target: 'opencl' }, { log: toCpu, layerTargets: null }).actual).toEqual({ backend: 'opencv', target: 'cpu' });
    const toFp32 =
      'DNN: OpenCL target with fp16 precision is not supported with current OpenCL device (tested with Intel GPUs only), switching to OpenCL with fp32 precision.';
    expect(detectFallback({ backend: 'opencv', target: 'opencl_fp16' }, { log: toFp32, layerTargets: null }).actual.target).toBe('opencl');
  });

  it("sees OpenCV 5's new graph engine drop the request", () => {
    expect(detectFallback(CUDA, { log: NEW_ENGINE, layerTargets: null }).actual).toEqual({ backend: 'opencv', target: 'cpu' });
  });

  it('catches an unlogged switch from the targets the layers were set up for', () => {
    const d = detectFallback(CUDA, { log: '', layerTargets: ['cpu'] });
    expect(d.actual).toEqual({ backend: 'opencv', target: 'cpu' });
    expect(d.notes).toEqual(['layers were set up for target cpu while cuda was expected']);
  });

  it('names the layers a CUDA net runs on the CPU, but not the input layer', () => {
    const log = [
      '[ INFO:0@0.3] global op_cuda.cpp (80) initCUDABackend CUDA backend will fallback to the CPU implementation for the layer "_input" of type __NetInputLayer__',
      '[ INFO:0@0.3] global op_cuda.cpp (80) initCUDABackend CUDA backend will fallback to the CPU implementation for the layer "onnx_node!nms" of type NonMaxSuppression',
    ].join('\n');
    const d = detectFallback(CUDA, { log, layerTargets: ['cuda'] });
    expect(d.actual).toEqual(CUDA);
    expect(d.cpuLayers).toEqual(['onnx_node!nms']);
    expect(d.fallback).toBe(true);
  });

  it('flags a switching message it does not know instead of ignoring it', () => {
    const d = detectFallback(CUDA, { log: '[ WARN:0@1] global x.cpp (1) f Something new; switching to Vulkan', layerTargets: null });
    expect(d.fallback).toBe(true);
    expect(d.notes[0]).toMatch(/unrecognized fallback message/);
  });

  it('reports no fallback on a clean run', () => {
    const log = '[ INFO:0@0.1] global onnx_importer.cpp (797) populateNet DNN/ONNX: loading ONNX v8 model\n';
    expect(detectFallback({ backend: 'opencv', target: 'cpu' }, { log, layerTargets: ['cpu'] })).toEqual({
      actual: { backend: 'opencv', target: 'cpu' },
      fallback: false,
      notes: [],
      cpuLayers: [],
    });
  });
});
