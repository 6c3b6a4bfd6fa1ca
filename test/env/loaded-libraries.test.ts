import { describe, expect, it } from 'vitest';
import { cudaLibrariesFromMaps, LOADED_LIBRARIES_SOURCE, mappedPaths, parseLibraryFileName, probeLoadedCudaLibraries } from '../../src/env/loaded-libraries.js';

/** Shaped like /proc/<pid>/maps of a node process after a CUDA EP session was created. */
const MAPS = [
  '55d0c0a00000-55d0c0c00000 r--p 00000000 08:01 131 /usr/bin/node',
  '7f0000000000-7f0000100000 r-xp 00000000 08:01 200 /tmp/gpu/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so',
  '7f0000100000-7f0000200000 r-xp 00000000 08:01 201 /usr/local/cuda-13.0/targets/x86_64-linux/lib/libcudart.so.13.0.96',
  '7f0000200000-7f0000300000 r--p 00100000 08:01 201 /usr/local/cuda-13.0/targets/x86_64-linux/lib/libcudart.so.13.0.96',
  '7f0000300000-7f0000400000 r-xp 00000000 08:01 202 /usr/local/cuda-13.0/targets/x86_64-linux/lib/libcublasLt.so.13.1.0.3',
  '7f0000400000-7f0000500000 r-xp 00000000 08:01 203 /usr/local/cuda-13.0/targets/x86_64-linux/lib/libcublas.so.13.1.0.3',
  '7f0000500000-7f0000600000 r-xp 00000000 08:01 204 /usr/lib/x86_64-linux-gnu/libcudnn.so.9',
  '7f0000600000-7f0000700000 r-xp 00000000 08:01 205 /usr/lib/x86_64-linux-gnu/libcudnn_graph.so.9.14.0',
  '7f0000700000-7f0000800000 r-xp 00000000 08:01 206 /usr/lib/x86_64-linux-gnu/libcuda.so.580.82.07',
  '7f0000800000-7f0000900000 rw-p 00000000 00:00 0 ',
  '7f0000900000-7f0000a00000 rw-s 00000000 00:05 7 /dev/nvidia0',
  '7f0000a00000-7f0000b00000 r-xp 00000000 08:01 207 /tmp/my dir/libnvinfer.so.10.13.3 (deleted)',
  '7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                          [stack]',
].join('\n');

describe('mappedPaths', () => {
  it('keeps file paths once, with spaces, without " (deleted)"', () => {
    const paths = mappedPaths(MAPS);
    expect(paths).toHaveLength(10);
    expect(paths).toContain('/tmp/my dir/libnvinfer.so.10.13.3');
    expect(paths.filter((p) => p.endsWith('libcudart.so.13.0.96'))).toHaveLength(1);
  });
});

describe('parseLibraryFileName', () => {
  it('splits stem and version', () => {
    expect(parseLibraryFileName('/a/libcublasLt.so.13.1.0.3')).toEqual({ name: 'cublasLt', version: '13.1.0.3' });
    expect(parseLibraryFileName('/a/libonnxruntime_providers_cuda.so')).toEqual({ name: 'onnxruntime_providers_cuda', version: undefined });
    expect(parseLibraryFileName('/usr/bin/node')).toBeUndefined();
  });
});

describe('cudaLibrariesFromMaps', () => {
  it('reports the versions of the loaded libraries, resolving bare-major links', () => {
    const realpath = (p: string) => (p.endsWith('libcudnn.so.9') ? '/usr/lib/x86_64-linux-gnu/libcudnn.so.9.14.0' : p);
    const got = cudaLibrariesFromMaps(MAPS, realpath);
    expect(got).toMatchObject({
      cudaRuntime: '13.0.96',
      cublas: '13.1.0.3',
      cublasLt: '13.1.0.3',
      cudnn: '9.14.0',
      tensorrt: '10.13.3',
      cudaDriverLibrary: '580.82.07',
      ortCudaProvider: 'unknown (no version in file name)',
      source: LOADED_LIBRARIES_SOURCE,
    });
    expect(got.libraries.map((l) => l.name)).toEqual(['onnxruntime_providers_cuda', 'cudart', 'cublasLt', 'cublas', 'cudnn', 'cuda', 'nvinfer']);
  });

  it('keeps the bare major when the link cannot be resolved', () => {
    expect(cudaLibrariesFromMaps(MAPS, (p) => p).cudnn).toBe('9');
  });

  it('finds nothing CUDA in a CPU-only process', () => {
    const got = probeLoadedCudaLibraries();
    if ('libraries' in got) expect(got.cudaRuntime).toBeUndefined();
    else expect(got.reason).toMatch(/cannot read/);
  });
});
