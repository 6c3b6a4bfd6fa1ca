/**
 * Which cuDNN a process loaded, from the library paths recorded in the CUDA cv2 process on the
 * H200 (test/fixtures/h200-probe): the system's 9.14, PyTorch's pip 9.19 (file names with the
 * major only: the version comes from the wheel's .dist-info), and a process with both at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cudaLibrariesFromMaps, wheelVersion } from '../../src/env/loaded-libraries.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'h200-probe');
const TORCH_SP = '/opt/torch/.venv/lib/python3.12/site-packages';
const TORCH_CUDNN = `${TORCH_SP}/nvidia/cudnn/lib`;

/** The recorded paths as /proc/<pid>/maps lines (the probe kept the file column only). */
function mapsOf(file: string): string {
  const paths = readFileSync(join(FIXTURES, file), 'utf8').trim().split('\n');
  return paths.map((p, i) => `7f${(0x1000 + i).toString(16)}0000000-7f${(0x1000 + i).toString(16)}0100000 r-xp 00000000 103:01 ${4000 + i} ${p}`).join('\n');
}

/** The file system as the H200 has it, for the wheel lookup: one cuDNN wheel beside nvidia/. */
const listH200 = (dir: string): string[] => (dir === TORCH_SP ? ['nvidia', 'nvidia_cudnn_cu13-9.19.0.56.dist-info', 'torch', 'torch-2.11.0.dist-info'] : []);
const identity = (p: string) => p;

describe('cuDNN builds in one process, from recorded maps', () => {
  it("the system's cuDNN 9.14: one build, every sub-library from one folder", () => {
    const got = cudaLibrariesFromMaps(mapsOf('maps-r50-cuda.txt'), identity, listH200);
    expect(got).toMatchObject({ cudnn: '9.14.0', cublas: '13.1.0.3', cublasLt: '13.1.0.3', cudaDriverLibrary: '580.159.04' });
    expect(got.cudnnBuilds).toEqual([
      {
        dir: '/usr/lib/x86_64-linux-gnu',
        version: '9.14.0',
        files: [
          'libcudnn.so.9.14.0',
          'libcudnn_cnn.so.9.14.0',
          'libcudnn_engines_precompiled.so.9.14.0',
          'libcudnn_engines_runtime_compiled.so.9.14.0',
          'libcudnn_graph.so.9.14.0',
          'libcudnn_heuristic.so.9.14.0',
          'libcudnn_ops.so.9.14.0',
        ],
      },
    ]);
    expect(got.mixedCudnn).toBeUndefined();
  });

  it("PyTorch's pip cuDNN first on LD_LIBRARY_PATH: the version from the wheel's metadata", () => {
    const got = cudaLibrariesFromMaps(mapsOf('maps-r50-cuda-cudnn919.txt'), identity, listH200);
    expect(got.cudnn).toBe('9.19.0.56');
    expect(got.libraries.find((l) => l.name === 'cudnn')).toEqual({
      name: 'cudnn',
      path: `${TORCH_CUDNN}/libcudnn.so.9`,
      version: '9.19.0.56',
      versionSource: `wheel metadata ${TORCH_SP}/nvidia_cudnn_cu13-9.19.0.56.dist-info`,
    });
    expect(got.cudnnBuilds).toHaveLength(1);
    expect(got.cudnnBuilds![0]).toMatchObject({ dir: TORCH_CUDNN, version: '9.19.0.56' });
    expect(got.cudnnBuilds![0]!.files).toHaveLength(7);
    expect(got.mixedCudnn).toBeUndefined();
  });

  it('without the wheel metadata the version stays the major the file name has', () => {
    const got = cudaLibrariesFromMaps(mapsOf('maps-r50-cuda-cudnn919.txt'), identity, () => []);
    expect(got.cudnn).toBe('9');
    expect(got.cudnnBuilds![0]!.version).toBeUndefined();
  });

  it('a process that imported torch first: all of cuDNN from torch, not mixed', () => {
    const got = cudaLibrariesFromMaps(mapsOf('maps-r50-cuda-torchfirst.txt'), identity, listH200);
    expect(got.cudnnBuilds!.map((b) => b.dir)).toEqual([TORCH_CUDNN]);
    expect(got.mixedCudnn).toBeUndefined();
    expect(got.libraries.find((l) => l.name === 'cudart')?.path).toBe(`${TORCH_SP}/nvidia/cu13/lib/libcudart.so.13`);
  });

  it("flags two builds at once: torch's libcudnn.so.9 beside the system's sub-libraries", () => {
    // Shaped after ../shared/opencv-cuda/README.md: a script that imported PyTorch kept its libcudnn.so.9
    // loaded while the system's cuDNN sub-libraries came in too.
    const system = readFileSync(join(FIXTURES, 'maps-r50-cuda.txt'), 'utf8')
      .split('\n')
      .filter((p) => p.includes('libcudnn_'));
    const paths = [`${TORCH_CUDNN}/libcudnn.so.9`, ...system];
    const maps = paths.map((p, i) => `7f0${i}00000000-7f0${i}00100000 r-xp 00000000 103:01 ${i + 1} ${p}`).join('\n');
    const got = cudaLibrariesFromMaps(maps, identity, listH200);
    expect(got.cudnnBuilds!.map((b) => [b.dir, b.version])).toEqual([
      [TORCH_CUDNN, '9.19.0.56'],
      ['/usr/lib/x86_64-linux-gnu', '9.14.0'],
    ]);
    expect(got.mixedCudnn).toBe(
      `two different cuDNN builds mapped in one process: 9.19.0.56 from ${TORCH_CUDNN} (libcudnn.so.9); 9.14.0 from /usr/lib/x86_64-linux-gnu ` +
        '(libcudnn_cnn.so.9.14.0, libcudnn_engines_precompiled.so.9.14.0, libcudnn_engines_runtime_compiled.so.9.14.0, libcudnn_graph.so.9.14.0, ' +
        'libcudnn_heuristic.so.9.14.0, libcudnn_ops.so.9.14.0)',
    );
  });
});

describe('wheelVersion', () => {
  it('reads <site-packages>/nvidia_<pkg>[_cuNN]-<version>.dist-info for nvidia/<pkg>/lib files', () => {
    expect(wheelVersion(`${TORCH_CUDNN}/libcudnn_ops.so.9`, listH200)?.version).toBe('9.19.0.56');
    expect(wheelVersion('/usr/lib/x86_64-linux-gnu/libcudnn.so.9', listH200)).toBeUndefined();
  });
  it('gives up when two wheels could own the folder', () => {
    const two = () => ['nvidia_cudnn_cu12-9.1.0.70.dist-info', 'nvidia_cudnn_cu13-9.19.0.56.dist-info'];
    expect(wheelVersion(`${TORCH_CUDNN}/libcudnn.so.9`, two)).toBeUndefined();
  });
});
