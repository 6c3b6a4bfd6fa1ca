/**
 * Whether onnxruntime's CUDA and TensorRT execution providers can load here, and when not,
 * every missing piece with its fix. Decided before a child tries: a provider that cannot
 * find its libraries makes onnxruntime fall back to CPU or abort, far from the cause.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type GpuProbe, probeGpus } from '../env/gpu-info.js';
import type { NvidiaSmiOptions } from '../env/nvidia-smi.js';
import { elfNeeded } from './elf-needed.js';
import { type LinkerSearch, parseLdconfig, probeLinkerSearch, resolvePrefix, resolveSoname } from './library-search.js';

export const SHARED_PROVIDER_LIB = 'libonnxruntime_providers_shared.so';
export const CUDA_PROVIDER_LIB = 'libonnxruntime_providers_cuda.so';
export const TENSORRT_PROVIDER_LIB = 'libonnxruntime_providers_tensorrt.so';
/** onnxruntime >= 1.19 loads cuDNN 9 at first use: it is not among the provider's DT_NEEDED. */
export const CUDNN_SONAME = 'libcudnn.so.9';

export interface AvailabilityEnv extends LinkerSearch {
  gpus: GpuProbe;
}

export interface EpAvailability {
  available: boolean;
  /** Every missing piece and its fix, `; `-separated; absent when available. */
  reason?: string;
}

/** Library stems worth checking, and what a user installs to get them. */
const FAMILY: Record<string, string> = {
  cudart: 'CUDA runtime',
  cublas: 'CUDA toolkit',
  cublasLt: 'CUDA toolkit',
  curand: 'CUDA toolkit',
  cufft: 'CUDA toolkit',
  nvrtc: 'CUDA toolkit',
  cudnn: 'cuDNN',
  cuda: 'NVIDIA driver',
  nvinfer: 'TensorRT',
  nvonnxparser: 'TensorRT',
};
const stemOf = (soname: string): string | undefined => /^lib([^.]+)\.so/.exec(soname)?.[1];

/** A library to find: an exact soname when the provider says which, else any major of a prefix. */
type Wanted = { soname: string } | { prefix: string };

function wantedFor(providerPath: string, fallbackPrefixes: string[], extra: string[]): Wanted[] {
  const needed = existsSync(providerPath) ? elfNeeded(providerPath) : undefined;
  if (!Array.isArray(needed)) return fallbackPrefixes.map((prefix) => ({ prefix }));
  const sonames = [...needed.filter((s) => FAMILY[stemOf(s) ?? ''] !== undefined), ...extra];
  return [...new Set(sonames)].map((soname) => ({ soname }));
}

/** Each library the linker cannot find, as `libcublas.so.13 (CUDA toolkit)`. */
function missingLibraries(wanted: Wanted[], env: AvailabilityEnv, cache: Map<string, string>): string[] {
  const missing: string[] = [];
  for (const w of wanted) {
    const name = 'soname' in w ? w.soname : `${w.prefix}*`;
    const found = 'soname' in w ? resolveSoname(w.soname, env, cache) : resolvePrefix(w.prefix, env, cache);
    if (!found) missing.push(`${name} (${FAMILY[stemOf(name) ?? ''] ?? 'unknown package'})`);
  }
  return missing;
}

const librariesReason = (missing: string[]): string[] =>
  missing.length === 0 ? [] : [`not on LD_LIBRARY_PATH nor in ldconfig's cache: ${missing.join(', ')}: install them or add their folder to LD_LIBRARY_PATH`];

function providerMissing(bindingDir: string, lib: string): string[] {
  return existsSync(join(bindingDir, lib)) ? [] : [`${lib} is not beside the onnxruntime binding in ${bindingDir}: run \`dnnperf install-cuda\``];
}

const verdict = (missing: string[]): EpAvailability => (missing.length === 0 ? { available: true } : { available: false, reason: missing.join('; ') });

export function cudaAvailability(bindingDir: string, env: AvailabilityEnv): { cuda: EpAvailability; tensorrt: EpAvailability } {
  const cache = parseLdconfig(env.ldconfig);
  const gpu = env.gpus.gpus.length > 0 ? [] : [`no NVIDIA GPU visible (${env.gpus.reason ?? 'nvidia-smi lists none'})`];
  const cudaProvider = join(bindingDir, CUDA_PROVIDER_LIB);
  const cudaLibs = missingLibraries(wantedFor(cudaProvider, ['libcudart.so.', 'libcublas.so.', 'libcudnn.so.'], [CUDNN_SONAME]), env, cache);
  const providers = [...providerMissing(bindingDir, SHARED_PROVIDER_LIB), ...providerMissing(bindingDir, CUDA_PROVIDER_LIB)];
  const cuda = [...providers, ...librariesReason(cudaLibs), ...gpu];
  const trtProvider = join(bindingDir, TENSORRT_PROVIDER_LIB);
  const trtLibs = missingLibraries(wantedFor(trtProvider, ['libnvinfer.so.'], []), env, cache);
  // TensorRT hands the nodes it cannot take to the CUDA provider, so it needs all of CUDA too.
  const tensorrt = [...providerMissing(bindingDir, TENSORRT_PROVIDER_LIB), ...providers, ...librariesReason([...new Set([...trtLibs, ...cudaLibs])]), ...gpu];
  return { cuda: verdict(cuda), tensorrt: verdict(tensorrt) };
}

/** The environment `cudaAvailability` needs, probed from this process. */
export async function probeAvailabilityEnv(options: NvidiaSmiOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<AvailabilityEnv> {
  const [search, gpus] = await Promise.all([probeLinkerSearch(env), probeGpus(options)]);
  return { ...search, gpus };
}
