import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureLine, type InstallRunners, installCudaEp } from '../../src/gpu/install-cuda-ep.js';
import { type InstallFacts, planCudaEpInstall } from '../../src/gpu/install-plan.js';
import { formatInstallPlan, formatInstallReport } from '../../src/gpu/install-report.js';

/** What `ONNXRUNTIME_NODE_INSTALL_CUDA=v12 node script/install.js` printed here (no route to api.nuget.org). */
const ORT_INSTALLER_OFFLINE = `node:internal/process/promises:391
    triggerUncaughtException(err, true /* fromPromise */);
    ^

Error: getaddrinfo ENOTFOUND api.nuget.org
    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:122:26) {
  errno: -3008,
  code: 'ENOTFOUND',
}

Node.js v20.20.2`;

const NPM_OFFLINE = `npm error code ENOTFOUND
npm error syscall getaddrinfo
npm error errno ENOTFOUND`;

const LIBS = ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_tensorrt.so'];

function setup(): { facts: InstallFacts; target: string } {
  const target = mkdtempSync(join(tmpdir(), 'binding-'));
  const facts: InstallFacts = {
    platform: 'linux',
    arch: 'x64',
    ortDir: '/ort',
    ortVersion: '1.29.0',
    bindingDirs: [target],
    present: [],
    ortInstallerFlavours: ['cuda12'],
    systemCudaMajors: [],
  };
  return { facts, target };
}

/** A fake npm route that unpacks provider libraries whose CUDA provider carries `version`. */
function npmRunner(version: string, libs = LIBS): InstallRunners['fetchNpmPackage'] {
  return async (step, dest) => {
    const dir = join(dest, step.libDir);
    mkdirSync(dir, { recursive: true });
    for (const lib of libs) writeFileSync(join(dir, lib), Buffer.concat([Buffer.from([0x7f, 0x45, 0, 0]), Buffer.from(`${lib}\0${version}\0`)]));
    return dir;
  };
}

const offlineOrt: InstallRunners['runOrtInstaller'] = async () => ({ ok: false, detail: failureLine(ORT_INSTALLER_OFFLINE) });

describe('failureLine', () => {
  it('picks the error line out of a tool output', () => {
    expect(failureLine(ORT_INSTALLER_OFFLINE)).toBe('Error: getaddrinfo ENOTFOUND api.nuget.org');
    expect(failureLine(NPM_OFFLINE)).toBe('npm error code ENOTFOUND');
    expect(failureLine('just the last\nline')).toBe('line');
  });
});

describe('installCudaEp', () => {
  it('falls back to the npm build when the NuGet feed is unreachable, and copies all providers', async () => {
    const { facts, target } = setup();
    const plan = planCudaEpInstall(facts);
    const started: string[] = [];
    const report = await installCudaEp(plan, { runOrtInstaller: offlineOrt, fetchNpmPackage: npmRunner('1.29.0') }, (s) => started.push(s.kind));
    expect(started).toEqual(['ort-installer', 'npm-package']);
    expect(report.ok).toBe(true);
    expect(report.outcomes.map((o) => [o.status, o.detail])).toEqual([
      ['failed', 'ONNXRUNTIME_NODE_INSTALL_CUDA=v12 exited with: Error: getaddrinfo ENOTFOUND api.nuget.org'],
      ['done', 'CUDA 13, cuDNN 9 build carries "1.29.0"; copied beside the binding'],
    ]);
    expect(report.installed).toEqual(LIBS.map((l) => join(target, l)));
    expect(readFileSync(join(target, LIBS[1]!), 'latin1')).toContain('1.29.0');
    expect(existsSync(join(target, `${LIBS[1]}.partial`))).toBe(false);
    expect(formatInstallReport(report)).toEqual([
      'CUDA provider for onnxruntime-node 1.29.0',
      `  target: ${target}`,
      "  1. onnxruntime-node's installer: failed: ONNXRUNTIME_NODE_INSTALL_CUDA=v12 exited with: Error: getaddrinfo ENOTFOUND api.nuget.org",
      '  2. npm com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9: done: CUDA 13, cuDNN 9 build carries "1.29.0"; copied beside the binding',
      ...LIBS.map((l) => `installed ${join(target, l)}`),
    ]);
  });

  it('copies nothing when the provider was built for another onnxruntime', async () => {
    const { facts, target } = setup();
    const report = await installCudaEp(planCudaEpInstall(facts, { source: 'npm' }), { runOrtInstaller: offlineOrt, fetchNpmPackage: npmRunner('1.28.0') });
    expect(report.ok).toBe(false);
    expect(report.outcomes[0]?.detail).toBe(
      'libonnxruntime_providers_cuda.so carries no "1.29.0" version string: it was built for another onnxruntime and would not load; nothing copied',
    );
    for (const lib of LIBS) expect(existsSync(join(target, lib))).toBe(false);
    expect(formatInstallReport(report).at(-1)).toBe('CUDA provider NOT installed: every route failed (reasons above)');
  });

  it('skips TensorRT when the package has none, and records a download failure', async () => {
    const { facts, target } = setup();
    const plan = planCudaEpInstall(facts, { source: 'npm' });
    const ok = await installCudaEp(plan, { runOrtInstaller: offlineOrt, fetchNpmPackage: npmRunner('1.29.0', LIBS.slice(0, 2)) });
    expect(ok.installed).toEqual(LIBS.slice(0, 2).map((l) => join(target, l)));
    const failing: InstallRunners['fetchNpmPackage'] = async () => {
      throw new Error('npm pack com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9 failed: npm error code ENOTFOUND');
    };
    const bad = await installCudaEp(plan, { runOrtInstaller: offlineOrt, fetchNpmPackage: failing });
    expect(bad.outcomes[0]).toMatchObject({ status: 'failed', detail: expect.stringContaining('npm error code ENOTFOUND') });
  });

  it('does not run later routes after one succeeds, and checks what the own installer left', async () => {
    const { facts, target } = setup();
    const plan = planCudaEpInstall(facts);
    const ortWrites: InstallRunners['runOrtInstaller'] = async () => {
      for (const lib of LIBS) writeFileSync(join(target, lib), `\x00${lib}\x001.29.0\x00`);
      return { ok: true, detail: 'done' };
    };
    const report = await installCudaEp(plan, { runOrtInstaller: ortWrites, fetchNpmPackage: npmRunner('1.29.0') });
    expect(report.outcomes.map((o) => o.status)).toEqual(['done', 'not-run']);
    expect(report.outcomes[0]?.detail).toBe(`its CUDA 12 build is in ${target}`);
  });
});

describe('formatInstallPlan', () => {
  it('prints the dry-run plan', () => {
    const { facts, target } = setup();
    expect(formatInstallPlan(planCudaEpInstall({ ...facts, systemCudaMajors: [13] }))).toEqual([
      'CUDA provider for onnxruntime-node 1.29.0',
      `  target: ${target}`,
      '  1. npm pack com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9 (CUDA 13, cuDNN 9), check its CUDA provider carries "1.29.0", copy the provider libraries beside the binding',
      "  note: skipped onnxruntime-node's installer: it fetches a CUDA 12 build, this machine has CUDA 13",
    ]);
    expect(formatInstallPlan(planCudaEpInstall({ ...facts, platform: 'win32' })).at(-1)).toBe(
      '  nothing to do: the CUDA provider installs on linux/x64 only (this is win32/x64)',
    );
  });
});
