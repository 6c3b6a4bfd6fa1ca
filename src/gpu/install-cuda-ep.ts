/**
 * Carries out an install plan: tries each route in order until one leaves a provider that
 * carries the core's version string beside the binding, and records what every route did.
 * Nothing here prints; `formatInstallReport` gives the lines the CLI shows.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { x as extractTar } from 'tar';
import { errorMessage } from '../errors.js';
import { CUDA_PROVIDER_LIB, SHARED_PROVIDER_LIB, TENSORRT_PROVIDER_LIB } from './availability.js';
import type { InstallPlan, InstallStep } from './install-plan.js';
import { fileCarriesVersionString } from './version-string.js';

type OrtInstallerStep = Extract<InstallStep, { kind: 'ort-installer' }>;
type NpmStep = Extract<InstallStep, { kind: 'npm-package' }>;

export interface StepOutcome {
  step: InstallStep;
  status: 'done' | 'failed' | 'not-run';
  detail: string;
}

export interface InstallReport {
  plan: InstallPlan;
  outcomes: StepOutcome[];
  /** Files written beside the binding. */
  installed: string[];
  ok: boolean;
}

/** The two side effects that reach the network, swappable in tests. */
export interface InstallRunners {
  runOrtInstaller(step: OrtInstallerStep): Promise<{ ok: boolean; detail: string }>;
  /** Downloads and unpacks the package under `dest`; returns the folder holding the libraries. */
  fetchNpmPackage(step: NpmStep, dest: string): Promise<string>;
}

const INSTALL_TIMEOUT_MS = 15 * 60_000;

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { ...options, timeout: INSTALL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) =>
      resolve({ ok: !err, out: `${stdout}\n${stderr}`.trim() || (err ? err.message : '') }),
    );
  });
}

/** The line that says why a tool failed: its error line, else its last line. */
export function failureLine(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.find((l) => /^(Error|npm error|npm ERR!)\b/.test(l) || /^\w*Error: /.test(l)) ?? lines.at(-1) ?? 'no output';
}

export const defaultRunners: InstallRunners = {
  async runOrtInstaller(step) {
    const [, script] = step.command;
    const env: NodeJS.ProcessEnv = { ...process.env, ...step.env };
    for (const name of step.unsetEnv) delete env[name];
    const res = await run(process.execPath, [script!], { env });
    return { ok: res.ok, detail: res.ok ? 'onnxruntime-node installer finished' : failureLine(res.out) };
  },
  async fetchNpmPackage(step, dest) {
    // Run in the temp folder so the project's .npmrc does not apply.
    const res = await run('npm', ['pack', step.spec, '--pack-destination', dest, '--silent'], { cwd: dest });
    if (!res.ok) throw new Error(`npm pack ${step.spec} failed: ${failureLine(res.out)}`);
    const tgz = res.out
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.endsWith('.tgz'))
      .at(-1);
    if (!tgz) throw new Error(`npm pack ${step.spec} named no tarball`);
    await extractTar({ file: join(dest, basename(tgz)), cwd: dest, filter: (p) => p.startsWith(`${step.libDir}/`) });
    return join(dest, step.libDir);
  },
};

/** Checks a provider folder holds the libraries and the right version; undefined when fine. */
async function providerProblem(libDir: string, version: string): Promise<string | undefined> {
  for (const lib of [SHARED_PROVIDER_LIB, CUDA_PROVIDER_LIB]) if (!existsSync(join(libDir, lib))) return `${lib} missing in ${libDir}`;
  if (!(await fileCarriesVersionString(join(libDir, CUDA_PROVIDER_LIB), version))) {
    return `${CUDA_PROVIDER_LIB} carries no "${version}" version string: it was built for another onnxruntime and would not load`;
  }
  return undefined;
}

/** Copies through a temporary name so an interrupted copy never leaves a truncated library. */
function copyProviders(libDir: string, targets: string[]): string[] {
  const written: string[] = [];
  for (const target of targets) {
    for (const lib of [SHARED_PROVIDER_LIB, CUDA_PROVIDER_LIB, TENSORRT_PROVIDER_LIB]) {
      if (!existsSync(join(libDir, lib))) continue;
      const dest = join(target, lib);
      copyFileSync(join(libDir, lib), `${dest}.partial`);
      renameSync(`${dest}.partial`, dest);
      written.push(dest);
    }
  }
  return written;
}

async function runStep(step: InstallStep, plan: InstallPlan, runners: InstallRunners): Promise<{ detail: string; installed?: string[] }> {
  if (step.kind === 'ort-installer') {
    const res = await runners.runOrtInstaller(step);
    if (!res.ok) return { detail: `ONNXRUNTIME_NODE_INSTALL_CUDA=${step.env['ONNXRUNTIME_NODE_INSTALL_CUDA']} exited with: ${res.detail}` };
    const problem = await providerProblem(plan.targets[0]!, plan.ortVersion);
    if (problem) return { detail: `it ran, but ${problem}` };
    const installed = [SHARED_PROVIDER_LIB, CUDA_PROVIDER_LIB, TENSORRT_PROVIDER_LIB].map((l) => join(plan.targets[0]!, l)).filter((p) => existsSync(p));
    return { detail: `its CUDA ${step.cudaMajor ?? '?'} build is in ${plan.targets[0]}`, installed };
  }
  const dest = mkdtempSync(join(tmpdir(), 'dnnperf-cuda-ep-'));
  try {
    const libDir = await runners.fetchNpmPackage(step, dest);
    const problem = await providerProblem(libDir, plan.ortVersion);
    if (problem) return { detail: `${problem}; nothing copied` };
    const installed = copyProviders(libDir, plan.targets);
    return { detail: `CUDA ${step.cudaMajor}, cuDNN ${step.cudnnMajor} build carries "${plan.ortVersion}"; copied beside the binding`, installed };
  } catch (e) {
    return { detail: errorMessage(e) };
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }
}

/** `onStep` hears of each route as it starts (downloads take a while). */
export async function installCudaEp(
  plan: InstallPlan,
  runners: InstallRunners = defaultRunners,
  onStep: (step: InstallStep, index: number) => void = () => {},
): Promise<InstallReport> {
  const outcomes: StepOutcome[] = [];
  let installed: string[] | undefined;
  for (const [index, step] of plan.steps.entries()) {
    if (installed) {
      outcomes.push({ step, status: 'not-run', detail: 'not needed: an earlier route succeeded' });
      continue;
    }
    onStep(step, index);
    const res = await runStep(step, plan, runners);
    outcomes.push({ step, status: res.installed ? 'done' : 'failed', detail: res.detail });
    installed = res.installed;
  }
  return { plan, outcomes, installed: installed ?? [], ok: installed !== undefined };
}
