/**
 * CUDA, cuBLAS, cuDNN and TensorRT versions of the libraries this process actually loaded.
 * Node cannot call cudaRuntimeGetVersion or cudnnGetVersion, so the versions come from the
 * file names of the shared objects mapped into the process (/proc/<pid>/maps), after the
 * CUDA execution provider's session exists (before that nothing CUDA is mapped).
 */
import { readFileSync, realpathSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { listDir } from './list-dir.js';

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
  /** Digits after `.so.`, or the pip wheel's version when the file name carries only the major. */
  version?: string;
  /** Where a version that is not in the file name came from (the wheel's .dist-info folder). */
  versionSource?: string;
}

/** The cuDNN files (libcudnn and its sub-libraries) mapped from one folder. */
export interface CudnnBuild {
  dir: string;
  /** The full version from a file name or the wheel; undefined when neither says more than the major. */
  version?: string;
  files: string[];
}

export interface LoadedCudaLibraries extends LoadedVersions {
  libraries: LoadedLibrary[];
  /** cuDNN files grouped by folder: more than one entry is a process with two cuDNN builds. */
  cudnnBuilds?: CudnnBuild[];
  /** Set when one process mapped cuDNN files of two builds at once: what was found. */
  mixedCudnn?: string;
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

/** libcudnn and its sub-libraries (cuDNN 9: _graph, _ops, _cnn, _adv, _heuristic, _engines_*; cuDNN 8: _ops_infer, ...). */
const CUDNN_FAMILY = /^cudnn(_[a-z_]+)?$/;

/**
 * The version of a pip wheel's library (`<site-packages>/nvidia/<pkg>/lib/libX.so.9`, whose
 * name carries only the major) from the wheel's `nvidia_<pkg>[_cuNN]-<version>.dist-info`
 * folder beside `nvidia/`; undefined when the path is no wheel's or the folder is not unique.
 */
export function wheelVersion(path: string, list: (dir: string) => string[] = listDir): { version: string; source: string } | undefined {
  const m = /^(.*)\/nvidia\/([^/]+)\/lib\/[^/]+$/.exec(path);
  if (!m) return undefined;
  const [, sitePackages, pkg] = m;
  const re = new RegExp(`^nvidia_${pkg!.replace(/-/g, '_')}(?:_cu\\d+)?-(\\d[^-]*)\\.dist-info$`);
  const hits = list(sitePackages!).flatMap((entry) => {
    const v = re.exec(entry)?.[1];
    return v ? [{ version: v, source: `wheel metadata ${sitePackages}/${entry}` }] : [];
  });
  return hits.length === 1 ? hits[0] : undefined;
}

/** A library's version: the file name's when it says more than the major, else the wheel's. */
function versionOf(path: string, fromName: string | undefined, list: (dir: string) => string[]): Pick<LoadedLibrary, 'version' | 'versionSource'> {
  if (fromName?.includes('.')) return { version: fromName };
  const wheel = wheelVersion(path, list);
  return wheel ? { version: wheel.version, versionSource: wheel.source } : { version: fromName };
}

function cudnnMix(builds: CudnnBuild[]): string | undefined {
  if (builds.length < 2) return undefined;
  const versions = new Set(builds.map((b) => b.version ?? `unknown@${b.dir}`));
  const each = builds.map((b) => `${b.version ?? 'version unknown'} from ${b.dir} (${b.files.join(', ')})`).join('; ');
  const kind = versions.size > 1 ? 'two different cuDNN builds' : 'cuDNN files from two folders';
  return `${kind} mapped in one process: ${each}`;
}

/**
 * Picks the watched libraries out of a maps text; `realpath` upgrades a bare `.so.9` link to
 * its versioned file, `list` reads a folder (for a pip wheel's version). Groups cuDNN's files
 * by folder and flags a process that mapped two builds at once (e.g. PyTorch's cuDNN beside
 * the system's, when a Python process imported torch before cv2).
 */
export function cudaLibrariesFromMaps(
  maps: string,
  realpath: (p: string) => string = safeRealpath,
  list: (dir: string) => string[] = listDir,
): LoadedCudaLibraries {
  const out: LoadedCudaLibraries = { libraries: [], source: LOADED_LIBRARIES_SOURCE };
  const cudnn = new Map<string, CudnnBuild>();
  for (const mapped of mappedPaths(maps)) {
    const path = realpath(mapped);
    const lib = parseLibraryFileName(path) ?? parseLibraryFileName(mapped);
    if (!lib) continue;
    const key = WATCHED[lib.name];
    if (!key && !CUDNN_FAMILY.test(lib.name)) continue;
    const version = versionOf(path, lib.version, list);
    if (CUDNN_FAMILY.test(lib.name)) {
      const dir = dirname(path);
      const build = cudnn.get(dir) ?? { dir, files: [] };
      build.files.push(basename(path));
      build.version ??= version.version?.includes('.') ? version.version : undefined;
      cudnn.set(dir, build);
    }
    if (!key) continue;
    out.libraries.push({ name: lib.name, path, ...version });
    out[key] ??= version.version ?? 'unknown (no version in file name)';
  }
  if (cudnn.size > 0) {
    const builds = [...cudnn.values()];
    out.cudnnBuilds = builds;
    const mixed = cudnnMix(builds);
    if (mixed) out.mixedCudnn = mixed;
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
