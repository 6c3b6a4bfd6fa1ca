import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGpuQuery } from '../../src/env/gpu-info.js';
import { type AvailabilityEnv, cudaAvailability } from '../../src/gpu/availability.js';
import { H100_GPU_QUERY } from '../env/fake-nvidia-smi.js';
import { LDCONFIG_H100 } from './ldconfig-fixture.js';
import { syntheticElf } from './synthetic-elf.js';

const CUDA_NEEDED = ['libcublasLt.so.13', 'libcublas.so.13', 'libcurand.so.10', 'libcudart.so.13', 'libcuda.so.1', 'libstdc++.so.6', 'libc.so.6'];
const TRT_NEEDED = ['libcublas.so.13', 'libnvinfer.so.10', 'libnvonnxparser.so.10', 'libcudart.so.13', 'libcudnn.so.9', 'libc.so.6'];

/** A binding folder holding the given provider libraries (synthetic ELFs with the real DT_NEEDED lists). */
function bindingDir(libs: Array<'shared' | 'cuda' | 'tensorrt'>): string {
  const dir = mkdtempSync(join(tmpdir(), 'binding-'));
  writeFileSync(join(dir, 'onnxruntime_binding.node'), syntheticElf(['libonnxruntime.so.1']));
  if (libs.includes('shared')) writeFileSync(join(dir, 'libonnxruntime_providers_shared.so'), syntheticElf(['libc.so.6']));
  if (libs.includes('cuda')) writeFileSync(join(dir, 'libonnxruntime_providers_cuda.so'), syntheticElf(CUDA_NEEDED));
  if (libs.includes('tensorrt')) writeFileSync(join(dir, 'libonnxruntime_providers_tensorrt.so'), syntheticElf(TRT_NEEDED));
  return dir;
}

const h100: AvailabilityEnv = { ldconfig: LDCONFIG_H100, gpus: { gpus: parseGpuQuery(H100_GPU_QUERY) } };

describe('cudaAvailability', () => {
  it('CUDA is available on the H100 layout; TensorRT names its missing libraries', () => {
    const dir = bindingDir(['shared', 'cuda', 'tensorrt']);
    const got = cudaAvailability(dir, h100);
    expect(got.cuda).toEqual({ available: true });
    expect(got.tensorrt.available).toBe(false);
    expect(got.tensorrt.reason).toBe(
      "not on LD_LIBRARY_PATH nor in ldconfig's cache: libnvinfer.so.10 (TensorRT), libnvonnxparser.so.10 (TensorRT): install them or add their folder to LD_LIBRARY_PATH",
    );
  });

  it('TensorRT is available once its libraries are on LD_LIBRARY_PATH', () => {
    const trt = mkdtempSync(join(tmpdir(), 'trt-'));
    for (const lib of ['libnvinfer.so.10', 'libnvonnxparser.so.10']) writeFileSync(join(trt, lib), '');
    const got = cudaAvailability(bindingDir(['shared', 'cuda', 'tensorrt']), { ...h100, ldLibraryPath: trt });
    expect(got.tensorrt).toEqual({ available: true });
  });

  it('names the missing provider with the fix, and every missing library and the GPU', () => {
    const dir = bindingDir([]);
    const got = cudaAvailability(dir, { ldconfig: '', gpus: { gpus: [], reason: 'nvidia-smi not found on PATH (no NVIDIA driver here)' } });
    const reasons = got.cuda.reason!.split('; ');
    expect(reasons).toEqual([
      `libonnxruntime_providers_shared.so is not beside the onnxruntime binding in ${dir}: run \`dnnperf install-cuda\``,
      `libonnxruntime_providers_cuda.so is not beside the onnxruntime binding in ${dir}: run \`dnnperf install-cuda\``,
      "not on LD_LIBRARY_PATH nor in ldconfig's cache: libcudart.so.* (CUDA runtime), libcublas.so.* (CUDA toolkit), libcudnn.so.* (cuDNN): install them or add their folder to LD_LIBRARY_PATH",
      'no NVIDIA GPU visible (nvidia-smi not found on PATH (no NVIDIA driver here))',
    ]);
    expect(got.tensorrt.reason).toContain('libonnxruntime_providers_tensorrt.so is not beside the onnxruntime binding');
    expect(got.tensorrt.reason).toContain("ldconfig's cache: libnvinfer.so.* (TensorRT), libcudart.so.* (CUDA runtime),");
    expect(got.tensorrt.reason).toContain('no NVIDIA GPU visible');
  });

  it('checks the exact majors the provider links against (a CUDA 13 provider on a CUDA 12 machine)', () => {
    const cuda12 = LDCONFIG_H100.replaceAll('.so.13', '.so.12');
    const got = cudaAvailability(bindingDir(['shared', 'cuda']), { ...h100, ldconfig: cuda12 });
    expect(got.cuda.reason).toBe(
      "not on LD_LIBRARY_PATH nor in ldconfig's cache: libcublasLt.so.13 (CUDA toolkit), libcublas.so.13 (CUDA toolkit), libcudart.so.13 (CUDA runtime): install them or add their folder to LD_LIBRARY_PATH",
    );
  });

  it('requires cuDNN 9 even though the provider loads it lazily', () => {
    const noCudnn = LDCONFIG_H100.split('\n')
      .filter((l) => !l.includes('libcudnn'))
      .join('\n');
    const got = cudaAvailability(bindingDir(['shared', 'cuda']), { ...h100, ldconfig: noCudnn });
    expect(got.cuda.reason).toBe("not on LD_LIBRARY_PATH nor in ldconfig's cache: libcudnn.so.9 (cuDNN): install them or add their folder to LD_LIBRARY_PATH");
  });

  it('an unreadable provider falls back to any-major checks', () => {
    const dir = bindingDir(['shared']);
    writeFileSync(join(dir, 'libonnxruntime_providers_cuda.so'), 'truncated');
    expect(cudaAvailability(dir, h100).cuda).toEqual({ available: true });
  });
});
