/**
 * GPU utilisation while a closed loop runs: one `nvidia-smi --query-gpu=utilization.gpu -lms`
 * process streams a reading every SAMPLE_MS; each line is stamped with this process's clock
 * when it arrives. nvidia-smi's figure is the share of the last sample period in which at least
 * one kernel was executing (not how full the SMs were), which is what "GPU busy" means there.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { numberField } from './nvidia-smi.js';

export const SAMPLE_MS = 100;
export const UTILISATION_METHOD = `nvidia-smi utilization.gpu every ${SAMPLE_MS} ms (share of time with a kernel running), mean over the reported windows`;

export interface UtilisationSample {
  atMs: number;
  pct: number;
}

export interface GpuUtilisationProbe {
  /** Mean utilisation of the samples taken in [fromMs, toMs] (performance.now() times), or why there is none. */
  between(fromMs: number, toMs: number): { utilisationPct: number; samples: number; method: string } | { note: string };
  stop(): void;
}

export function startGpuUtilisation(deviceId: number, command = 'nvidia-smi'): GpuUtilisationProbe {
  const samples: UtilisationSample[] = [];
  let failure: string | undefined;
  let buffered = '';
  const child = spawn(command, [`--query-gpu=utilization.gpu`, '--format=csv,noheader,nounits', `-i`, String(deviceId), `-lms`, String(SAMPLE_MS)], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  child.on('error', (e: NodeJS.ErrnoException) => {
    failure = e.code === 'ENOENT' ? `${command} not found on PATH` : `${command} failed: ${e.message}`;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    const atMs = performance.now();
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const pct = numberField(line.trim());
      if (pct !== undefined) samples.push({ atMs, pct });
    }
  });
  return {
    between(fromMs, toMs) {
      const inside = samples.filter((s) => s.atMs >= fromMs && s.atMs <= toMs);
      if (inside.length === 0)
        return { note: failure ?? `no nvidia-smi utilisation sample arrived during the reported windows (${Math.round(toMs - fromMs)} ms)` };
      return { utilisationPct: inside.reduce((a, s) => a + s.pct, 0) / inside.length, samples: inside.length, method: UTILISATION_METHOD };
    },
    stop() {
      child.kill('SIGTERM');
    },
  };
}
