/**
 * Parsers for the Linux files that say how busy the machine is: `/proc/stat` (CPU time of the
 * whole machine by kind, in clock ticks), `/proc/loadavg`, and `/proc/<pid>/stat` (one
 * process's CPU time). Pure: they take the files' text; readers take a root so tests can
 * point them at fixture folders.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The aggregate `cpu` line of /proc/stat, in clock ticks since boot (proc(5)). */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  /** Time the hypervisor ran something else while this VM's CPU wanted to run. */
  steal: number;
}

export interface ProcStat {
  total: CpuTimes;
  /** Number of `cpuN` lines: the CPUs online. */
  cpus: number;
}

const FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

export function parseProcStat(text: string): ProcStat {
  let total: CpuTimes | undefined;
  let cpus = 0;
  for (const line of text.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts[0] === 'cpu') {
      // guest and guest_nice (fields 9, 10) are already counted in user and nice.
      total = Object.fromEntries(FIELDS.map((f, i) => [f, Number(parts[i + 1] ?? 0)])) as unknown as CpuTimes;
    } else if (/^cpu\d+$/.test(parts[0] ?? '')) cpus++;
  }
  if (!total || FIELDS.some((f) => !Number.isFinite(total![f]))) throw new Error('/proc/stat: no aggregate cpu line');
  return { total, cpus: Math.max(1, cpus) };
}

/** Ticks the CPUs spent running something (user, kernel, interrupts), and all ticks that passed. */
export function busyTicks(t: CpuTimes): { busy: number; all: number } {
  const busy = t.user + t.nice + t.system + t.irq + t.softirq;
  return { busy, all: busy + t.idle + t.iowait + t.steal };
}

export function parseLoadAvg(text: string): { load1: number; load5: number; load15: number } {
  const [a, b, c] = text.trim().split(/\s+/).map(Number);
  return { load1: a ?? NaN, load5: b ?? NaN, load15: c ?? NaN };
}

/** One process from /proc/<pid>/stat: its command name and CPU time (utime + stime) in ticks. */
export function parsePidStat(text: string): { comm: string; ticks: number } | undefined {
  // The command sits in parentheses and may itself hold spaces and parentheses.
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const rest = text.slice(close + 2).split(' ');
  // Fields after the command: state(3) ... utime(14) stime(15), so rest[11] and rest[12].
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return { comm: text.slice(open + 1, close), ticks: utime + stime };
}

export function readText(root: string, path: string): string | undefined {
  try {
    return readFileSync(join(root, path), 'utf8');
  } catch {
    return undefined;
  }
}
