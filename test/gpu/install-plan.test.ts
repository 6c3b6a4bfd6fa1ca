import { describe, expect, it } from 'vitest';
import { CUDA_EP_PACKAGES } from '../../src/gpu/cuda-ep-packages.js';
import { cudaMajorsFromLinker, type InstallFacts, planCudaEpInstall } from '../../src/gpu/install-plan.js';
import { flavourCudaMajor, ortInstallerFlavours, ortPackageInfo } from '../../src/gpu/ort-package.js';
import { LDCONFIG_H100 } from './ldconfig-fixture.js';

const facts: InstallFacts = {
  platform: 'linux',
  arch: 'x64',
  ortDir: '/p/node_modules/onnxruntime-node',
  ortVersion: '1.29.0',
  bindingDirs: ['/p/node_modules/onnxruntime-node/bin/napi-v6/linux/x64'],
  present: [],
  ortInstallerFlavours: ['cuda12'],
  systemCudaMajors: [],
};

const ortStep = {
  kind: 'ort-installer',
  flavour: 'cuda12',
  cudaMajor: 12,
  command: ['node', '/p/node_modules/onnxruntime-node/script/install.js'],
  env: { ONNXRUNTIME_NODE_INSTALL_CUDA: 'v12' },
  unsetEnv: ['ONNXRUNTIME_NODE_INSTALL', 'npm_config_onnxruntime_node_install', 'npm_config_onnxruntime_node_install_cuda'],
};
const npmStep = {
  kind: 'npm-package',
  spec: 'com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9',
  libDir: 'package/Plugins/Linux/x64',
  cudaMajor: 13,
  cudnnMajor: 9,
};

describe('planCudaEpInstall', () => {
  it('CUDA unknown (no toolkit found): own installer first, then the npm build', () => {
    expect(planCudaEpInstall(facts)).toEqual({
      ortVersion: '1.29.0',
      targets: facts.bindingDirs,
      steps: [ortStep, npmStep],
      notes: [],
      state: 'ready',
    });
  });

  it('CUDA 13 machine: skips the CUDA 12 installer and says why', () => {
    const plan = planCudaEpInstall({ ...facts, systemCudaMajors: [13] });
    expect(plan.steps).toEqual([npmStep]);
    expect(plan.notes).toEqual(["skipped onnxruntime-node's installer: it fetches a CUDA 12 build, this machine has CUDA 13"]);
  });

  it('CUDA 12 machine: only the own installer fits', () => {
    const plan = planCudaEpInstall({ ...facts, systemCudaMajors: [12] });
    expect(plan.steps).toEqual([ortStep]);
    expect(plan.notes).toEqual(['skipped com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9: it is a CUDA 13 build, this machine has CUDA 12']);
  });

  it('an explicit source runs that route even on a mismatch, with a warning', () => {
    const plan = planCudaEpInstall({ ...facts, systemCudaMajors: [12] }, { source: 'npm' });
    expect(plan.steps).toEqual([npmStep]);
    expect(plan.notes[0]).toMatch(/CUDA 13 build, this machine has CUDA 12: it will not load/);
    expect(planCudaEpInstall(facts, { source: 'ort' }).steps).toEqual([ortStep]);
  });

  it('an onnxruntime-node version with no npm build: own installer only, noted', () => {
    const plan = planCudaEpInstall({ ...facts, ortVersion: '1.30.0' });
    expect(plan.steps.map((s) => s.kind)).toEqual(['ort-installer']);
    expect(plan.notes).toEqual(['no npm-hosted CUDA provider known for onnxruntime-node 1.30.0 (known: 1.29.0)']);
    const none = planCudaEpInstall({ ...facts, ortVersion: '1.30.0', ortInstallerFlavours: [] });
    expect(none).toMatchObject({ state: 'impossible', reason: 'no install route fits this machine', steps: [] });
  });

  it('already installed: nothing to do unless forced', () => {
    const present = ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so'];
    expect(planCudaEpInstall({ ...facts, present })).toMatchObject({ state: 'installed', steps: [] });
    expect(planCudaEpInstall({ ...facts, present }, { force: true }).steps).toHaveLength(2);
    expect(planCudaEpInstall({ ...facts, present: [present[0]!] }).state).toBe('ready');
  });

  it('other platforms and a missing binding are impossible, with the reason', () => {
    expect(planCudaEpInstall({ ...facts, platform: 'darwin', arch: 'arm64' })).toMatchObject({
      state: 'impossible',
      reason: 'the CUDA provider installs on linux/x64 only (this is darwin/arm64)',
    });
    expect(planCudaEpInstall({ ...facts, bindingDirs: [] }).state).toBe('impossible');
  });
});

describe('facts', () => {
  it('reads CUDA majors from libcudart sonames', () => {
    expect(cudaMajorsFromLinker(undefined, LDCONFIG_H100)).toEqual([13]);
    expect(cudaMajorsFromLinker('/a:/b', '', (d) => (d === '/a' ? ['libcudart.so.12', 'libcudart.so.12.8.90'] : ['libcudart.so.13']))).toEqual([12, 13]);
  });

  it("reads the installed onnxruntime-node and its installer's flavours", () => {
    const ort = ortPackageInfo();
    expect(ort.version).toBe('1.29.0');
    expect(CUDA_EP_PACKAGES[ort.version]).toBeDefined();
    expect(ortInstallerFlavours(ort.dir, 'linux', 'x64')).toEqual(['cuda12']);
    expect(ortInstallerFlavours(ort.dir, 'darwin', 'arm64')).toEqual([]);
    expect(flavourCudaMajor('cuda12')).toBe(12);
    expect(flavourCudaMajor('rocm')).toBeUndefined();
  });
});
