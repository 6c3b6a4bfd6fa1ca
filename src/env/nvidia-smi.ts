/**
 * Runs nvidia-smi's CSV queries. A missing tool or a failing driver is data (a reason),
 * never an exception: most machines this runs on have no GPU.
 */
import { execFile } from 'node:child_process';

/** Options every nvidia-smi caller takes. */
export interface NvidiaSmiOptions {
  /** The executable; default `nvidia-smi` from PATH (tests point it at a fake). */
  command?: string;
  /** Kill it after this long; default 10 s (a wedged driver can hang it). */
  timeoutMs?: number;
}

export const NVIDIA_SMI_TIMEOUT_MS = 10_000;

export type NvidiaSmiResult = { ok: true; stdout: string } | { ok: false; reason: string };

export function runNvidiaSmi(args: string[], options: NvidiaSmiOptions = {}): Promise<NvidiaSmiResult> {
  const command = options.command ?? 'nvidia-smi';
  return new Promise((resolve) => {
    execFile(command, args, { timeout: options.timeoutMs ?? NVIDIA_SMI_TIMEOUT_MS, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return resolve({ ok: true, stdout });
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return resolve({ ok: false, reason: `${command} not found on PATH (no NVIDIA driver here)` });
      // nvidia-smi prints its own diagnosis ("couldn't communicate with the NVIDIA driver") on stdout.
      const said = `${stderr} ${stdout}`.trim().split('\n')[0] ?? '';
      resolve({ ok: false, reason: `${command} ${args[0] ?? ''} failed: ${said || err.message}` });
    });
  });
}

/** Splits `--format=csv,noheader,nounits` output into trimmed rows of fields. */
export function parseCsvRows(text: string): string[][] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => line.split(',').map((f) => f.trim()));
}

/** A numeric field, or undefined for `[N/A]`, `[Not Supported]` and the like. */
export function numberField(field: string | undefined): number | undefined {
  if (field === undefined || field === '' || field.startsWith('[')) return undefined;
  const n = Number(field);
  return Number.isFinite(n) ? n : undefined;
}

/** A text field, or undefined for `[N/A]`-style placeholders. */
export function textField(field: string | undefined): string | undefined {
  return field === undefined || field === '' || field.startsWith('[') ? undefined : field;
}

export const MIB = 1024 * 1024;
