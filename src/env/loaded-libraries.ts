/**
 * CUDA, cuBLAS, cuDNN and TensorRT versions of the libraries this process actually loaded.
 * Node cannot call cudaRuntimeGetVersion or cudnnGetVersion, so the versions come from the
 * file names of the shared objects mapped into the process (/proc/<pid>/maps), after the
 * CUDA execution provider's session exists (before that nothing CUDA is mapped).
 */
import { readFileSync, realpathSync } from 'node:fs';

export const LOADED_LIBRARIES_SOURCE =
  'file names of shared libraries mapped into the process (/proc/<pid>/maps, symlinks resolved); ' +
  'cudaRuntimeGetVersion/cudnnGetVersion are not callable from Node';

/** Library stem (after `lib`, before `.so`) -> the key it is reported under. */
const WATCHED: Record<string, keyof LoadedVersions> = {
  cudart: 'cudaRuntime',
  cublas: 'cublas',
  cublasLt: 'cublasLt',
  cudnn: 'cudnn',
  nvinfer: 'tensorrt',
  cuda: 'cudaDriverLibrary',
  onnxruntime_providers_cuda: 'ortCudaProvider',
};

export interface LoadedVersions {
  cudaRuntime?: string;
  cublas?: string;
  cublasLt?: string;
  cudnn?: string;
  tensorrt?: string;
  /** libcuda.so.<driver version>: the user-space driver. */
  cudaDriverLibrary?: string;
  ortCudaProvider?: string;
}

export interface LoadedLibrary {
  /** The stem, e.g. `cudnn`. */
  name: string;
  path: string;
  /** Digits after `.so.`; only the major when the file name carries no more (e.g. pip wheels). */
  version?: string;
}

export interface LoadedCudaLibraries extends LoadedVersions {
  libraries: LoadedLibrary[];
  source: string;
}

/** Unique file paths mapped in a /proc/<pid>/maps text, in first-seen order. */
export function mappedPaths(maps: string): string[] {
  const seen = new Set<string>();
  for (const line of maps.split('\n')) {
    // address perms offset dev inode pathname; the path may contain spaces.
    const m = /^\S+\s+\S+\s+\S+\s+\S+\s+\d+\s+(\/.*)$/.exec(line);
    if (m?.[1]) seen.add(m[1].replace(/ \(deleted\)$/, ''));
  }
  return [...seen];
}

/** `/x/libcudnn.so.9.10.2` -> { name: 'cudnn', version: '9.10.2' }; undefined for non-libraries. */
export function parseLibraryFileName(path: string): { name: string; version?: string } | undefined {
  const m = /\/lib([^/]+?)\.so(?:\.(\d+(?:\.\d+)*))?$/.exec(path);
  return m?.[1] ? { name: m[1], version: m[2] } : undefined;
}

/** Picks the watched libraries out of a maps text; `realpath` upgrades a bare `.so.9` link to its versioned file. */
export function cudaLibrariesFromMaps(maps: string, realpath: (p: string) => string = safeRealpath): LoadedCudaLibraries {
  const out: LoadedCudaLibraries = { libraries: [], source: LOADED_LIBRARIES_SOURCE };
  for (const mapped of mappedPaths(maps)) {
    const path = realpath(mapped);
    const lib = parseLibraryFileName(path) ?? parseLibraryFileName(mapped);
    const key = lib && WATCHED[lib.name];
    if (!lib || !key) continue;
    out.libraries.push({ name: lib.name, path, version: lib.version });
    out[key] ??= lib.version ?? 'unknown (no version in file name)';
  }
  return out;
}

export function probeLoadedCudaLibraries(pid: number | 'self' = 'self'): LoadedCudaLibraries | { reason: string; source: string } {
  let maps: string;
  try {
    maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
  } catch (e) {
    return { reason: `cannot read /proc/${pid}/maps (${(e as Error).message}): not Linux?`, source: LOADED_LIBRARIES_SOURCE };
  }
  return cudaLibrariesFromMaps(maps);
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
