/**
 * Which route installs onnxruntime's CUDA provider here: onnxruntime-node's own installer
 * (NuGet feed, CUDA 12 builds for 1.29.0) or the npm-hosted build (CUDA 13). A pure
 * function of facts gathered once, so every choice is testable without a network or GPU.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listDir } from '../env/list-dir.js';
import { CUDA_PROVIDER_LIB, SHARED_PROVIDER_LIB, TENSORRT_PROVIDER_LIB } from './availability.js';
import { CUDA_EP_PACKAGES, type CudaEpPackage } from './cuda-ep-packages.js';
import { parseLdconfig, probeLinkerSearch } from './library-search.js';
import { flavourCudaMajor, ortInstallerFlavours, ortPackageInfo } from './ort-package.js';

export const INSTALL_SOURCES = ['auto', 'ort', 'npm'] as const;
export type InstallSource = (typeof INSTALL_SOURCES)[number];

export interface InstallCudaOptions {
  /** `auto` (default): onnxruntime-node's installer, then the npm build; `ort` or `npm`: that route only. */
  source?: InstallSource;
  /** Reinstall when the provider libraries are already there; default false. */
  force?: boolean;
}

/** What the planner looks at. */
export interface InstallFacts {
  platform: string;
  arch: string;
  ortDir: string;
  ortVersion: string;
  bindingDirs: string[];
  /** Provider libraries already beside the first binding. */
  present: string[];
  /** onnxruntime-node installer flavours for this platform, e.g. `cuda12`. */
  ortInstallerFlavours: string[];
  /** CUDA runtime majors the linker can find (libcudart.so.<major>); empty when none or unknown. */
  systemCudaMajors: number[];
}

export type InstallStep =
  | { kind: 'ort-installer'; flavour: string; cudaMajor?: number; command: string[]; env: Record<string, string>; unsetEnv: string[] }
  | ({ kind: 'npm-package' } & CudaEpPackage);

export interface InstallPlan {
  ortVersion: string;
  /** Where the libraries go. */
  targets: string[];
  /** Tried in order until one succeeds. */
  steps: InstallStep[];
  /** Routes left out, each with why. */
  notes: string[];
  /** `ready`: steps to run; `installed`: already there; `impossible`: no route (see `reason`, `notes`). */
  state: 'ready' | 'installed' | 'impossible';
  reason?: string;
}

const PROVIDER_LIBS = [SHARED_PROVIDER_LIB, CUDA_PROVIDER_LIB, TENSORRT_PROVIDER_LIB];

function ortInstallerStep(facts: InstallFacts, source: InstallSource, notes: string[]): InstallStep | undefined {
  const flavour = facts.ortInstallerFlavours.find((f) => flavourCudaMajor(f) !== undefined);
  if (!flavour) {
    notes.push(`onnxruntime-node ${facts.ortVersion}'s installer offers no CUDA build for ${facts.platform}/${facts.arch}`);
    return undefined;
  }
  const cudaMajor = flavourCudaMajor(flavour);
  const mismatch = facts.systemCudaMajors.length > 0 && cudaMajor !== undefined && !facts.systemCudaMajors.includes(cudaMajor);
  if (mismatch && source === 'auto') {
    notes.push(`skipped onnxruntime-node's installer: it fetches a CUDA ${cudaMajor} build, this machine has CUDA ${facts.systemCudaMajors.join(', ')}`);
    return undefined;
  }
  if (mismatch)
    notes.push(`onnxruntime-node's installer fetches a CUDA ${cudaMajor} build, this machine has CUDA ${facts.systemCudaMajors.join(', ')}: it will not load`);
  // 1.29.0's parseInstallFlag drops a named value (ONNXRUNTIME_NODE_INSTALL=cuda12 falls through
  // its switch and reads as "not set", which exits 0 under npm), so the flavour goes through the
  // older ONNXRUNTIME_NODE_INSTALL_CUDA=v12. The variables that win over it are removed: under
  // npm one carries an `onnxruntime-node-install=skip` from the user's npm config.
  return {
    kind: 'ort-installer',
    flavour,
    cudaMajor,
    command: ['node', join(facts.ortDir, 'script', 'install.js')],
    env: { ONNXRUNTIME_NODE_INSTALL_CUDA: `v${cudaMajor}` },
    unsetEnv: ['ONNXRUNTIME_NODE_INSTALL', 'npm_config_onnxruntime_node_install', 'npm_config_onnxruntime_node_install_cuda'],
  };
}

function npmStep(facts: InstallFacts, source: InstallSource, notes: string[]): InstallStep | undefined {
  const pkg = CUDA_EP_PACKAGES[facts.ortVersion];
  if (!pkg) {
    notes.push(`no npm-hosted CUDA provider known for onnxruntime-node ${facts.ortVersion} (known: ${Object.keys(CUDA_EP_PACKAGES).join(', ')})`);
    return undefined;
  }
  const mismatch = facts.systemCudaMajors.length > 0 && !facts.systemCudaMajors.includes(pkg.cudaMajor);
  if (mismatch && source === 'auto') {
    notes.push(`skipped ${pkg.spec}: it is a CUDA ${pkg.cudaMajor} build, this machine has CUDA ${facts.systemCudaMajors.join(', ')}`);
    return undefined;
  }
  if (mismatch) notes.push(`${pkg.spec} is a CUDA ${pkg.cudaMajor} build, this machine has CUDA ${facts.systemCudaMajors.join(', ')}: it will not load`);
  return { kind: 'npm-package', ...pkg };
}

export function planCudaEpInstall(facts: InstallFacts, options: InstallCudaOptions = {}): InstallPlan {
  const source = options.source ?? 'auto';
  const plan: InstallPlan = { ortVersion: facts.ortVersion, targets: facts.bindingDirs, steps: [], notes: [], state: 'ready' };
  if (facts.platform !== 'linux' || facts.arch !== 'x64') {
    return { ...plan, state: 'impossible', reason: `the CUDA provider installs on linux/x64 only (this is ${facts.platform}/${facts.arch})` };
  }
  if (facts.bindingDirs.length === 0) return { ...plan, state: 'impossible', reason: `onnxruntime-node in ${facts.ortDir} has no linux/x64 binding` };
  if (!options.force && facts.present.includes(SHARED_PROVIDER_LIB) && facts.present.includes(CUDA_PROVIDER_LIB)) {
    return { ...plan, state: 'installed', reason: `the CUDA provider is already beside the binding in ${facts.bindingDirs[0]} (--force reinstalls)` };
  }
  const steps = [
    source !== 'npm' ? ortInstallerStep(facts, source, plan.notes) : undefined,
    source !== 'ort' ? npmStep(facts, source, plan.notes) : undefined,
  ].filter((s): s is InstallStep => s !== undefined);
  return steps.length > 0 ? { ...plan, steps } : { ...plan, state: 'impossible', reason: 'no install route fits this machine' };
}

/** CUDA runtime majors from libcudart.so.<major> sonames the linker can find. */
export function cudaMajorsFromLinker(ldLibraryPath: string | undefined, ldconfig: string, list: (dir: string) => string[] = listDir): number[] {
  const names = [...parseLdconfig(ldconfig).keys(), ...(ldLibraryPath ?? '').split(':').filter(Boolean).flatMap(list)];
  const majors = names
    .map((n) => /^libcudart\.so\.(\d+)$/.exec(n)?.[1])
    .filter((m): m is string => m !== undefined)
    .map(Number);
  return [...new Set(majors)].sort((a, b) => a - b);
}

export async function gatherInstallFacts(ortDir?: string): Promise<InstallFacts> {
  const ort = ortPackageInfo(ortDir);
  const search = await probeLinkerSearch();
  const first = ort.bindingDirs[0];
  return {
    platform: process.platform,
    arch: process.arch,
    ortDir: ort.dir,
    ortVersion: ort.version,
    bindingDirs: ort.bindingDirs,
    present: first ? PROVIDER_LIBS.filter((lib) => existsSync(join(first, lib))) : [],
    ortInstallerFlavours: ortInstallerFlavours(ort.dir),
    systemCudaMajors: cudaMajorsFromLinker(search.ldLibraryPath, search.ldconfig),
  };
}
