/**
 * The environment fingerprint of a run (recorded once, before measuring) and the machine key that
 * decides which baseline applies. The key depends on hardware only (CPU model and cores,
 * memory, GPU models), so an OS update or a new engine version keeps the baseline and
 * shows up as an environment difference instead.
 */

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { packageRoot, toolVersion } from '../package-root.js';
import type { Environment } from '../results/schema.js';
import { probeGpus } from './gpu-info.js';

function readTrimmed(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function gitSha(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: packageRoot(), stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return undefined;
  }
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/\(r\)|\(tm\)|cpu|processor|@.*$/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** `<cores>c-<cpu slug>[-<gpu slug>]-<hash>`: readable, and stable for the same hardware. */
export function machineKey(e: Pick<Environment, 'cpu' | 'memoryBytes' | 'gpus' | 'os'>): string {
  const memGiB = Math.round(e.memoryBytes / 2 ** 30);
  const gpus = e.gpus.map((g) => g.name).sort();
  const hash = createHash('sha256')
    .update(JSON.stringify([e.os.arch, e.cpu.model, e.cpu.cores, memGiB, gpus]))
    .digest('hex')
    .slice(0, 8);
  const gpu = gpus.length > 0 ? `-${slug(gpus[0]!).slice(0, 20)}` : '';
  return `${e.cpu.cores}c-${slug(e.cpu.model).slice(0, 24)}${gpu}-${hash}`;
}

export async function collectEnvironment(engines: Environment['engines']): Promise<Environment> {
  const cpus = os.cpus();
  const gpuProbe = await probeGpus();
  const governor = readTrimmed('/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor');
  const base = {
    hostname: os.hostname(),
    cpu: { model: cpus[0]?.model.trim() ?? 'unknown', cores: cpus.length, ...(governor ? { governor } : {}) },
    memoryBytes: os.totalmem(),
    os: { platform: os.platform(), release: os.release(), arch: os.arch() },
    node: process.version,
    toolVersion: toolVersion(),
    engines,
    gpus: gpuProbe.gpus,
    extra: gpuProbe.reason ? { gpuProbe: gpuProbe.reason } : {},
  };
  const sha = gitSha();
  return { machineKey: machineKey(base), ...base, ...(sha ? { gitSha: sha } : {}) };
}
