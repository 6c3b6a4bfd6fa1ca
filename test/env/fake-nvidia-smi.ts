/** Writes a fake `nvidia-smi` that answers each query with captured text, for CPU tests. */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Captured on an H100 box (driver 580) with the same query strings the probes send. */
export const H100_GPU_QUERY = '0, 580.82.07, 81559, GPU-4e6a6c3d-1f2b-7c8d-9e0f-112233445566, 1980, 2619, NVIDIA H100 80GB HBM3\n';
export const H100_CLOCK_QUERY = '0, 1980, 2619, 34, 72.41, P0\n';
export const COMPUTE_APPS = '4242, 1536\n777, 2048\n';
export const MEMORY_USED = '0, 3010\n';

/** A script that prints `answers[prefix]` for the first argument starting with `prefix`, else fails like a broken driver. */
export function fakeNvidiaSmi(answers: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-smi-'));
  const cases = Object.entries(answers)
    .map(([prefix, text]) => `  ${prefix}*) printf '%s' '${text}' ;;`)
    .join('\n');
  const script = `#!/bin/sh\ncase "$1" in\n${cases}\n  *) echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."; exit 9 ;;\nesac\n`;
  const path = join(dir, 'nvidia-smi');
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return path;
}
