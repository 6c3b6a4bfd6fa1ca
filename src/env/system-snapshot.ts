/**
 * One reading of the system settings and counters that decide how quiet a machine is for
 * benchmarking, from /proc and /sys under a root folder (tests pass fixture folders).
 * Everything missing is left undefined: a VM or a container hides much of /sys.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type ProcStat, parseLoadAvg, parsePidStat, parseProcStat, readText } from './proc-stat.js';

export interface ProcessTicks {
  pid: number;
  comm: string;
  ticks: number;
}

export interface SystemSnapshot {
  stat?: ProcStat;
  load1?: number;
  /** scaling_governor per CPU that has one. */
  governors: string[];
  /** intel_pstate/no_turbo ('0' = turbo on), cpufreq/boost ('1' = boost on). */
  noTurbo?: string;
  boost?: string;
  /** kernel.randomize_va_space: 0 off, 1 partial, 2 full. */
  aslr?: string;
  /** smt/active: '1' when sibling hyperthreads are on. */
  smtActive?: string;
  /** The isolated CPU list ('' = none). */
  isolated?: string;
  /** transparent_hugepage/enabled, e.g. 'always [madvise] never'. */
  transparentHugepages?: string;
  processes: ProcessTicks[];
}

const trimmed = (root: string, path: string) => readText(root, path)?.trim();

function processes(root: string): ProcessTicks[] {
  let names: string[];
  try {
    names = readdirSync(join(root, 'proc'));
  } catch {
    return [];
  }
  return names
    .filter((n) => /^\d+$/.test(n))
    .flatMap((n) => {
      const p = parsePidStat(readText(root, `proc/${n}/stat`) ?? '');
      return p ? [{ pid: Number(n), ...p }] : [];
    });
}

export function readSystemSnapshot(root = '/'): SystemSnapshot {
  const statText = readText(root, 'proc/stat');
  const stat = statText ? parseProcStat(statText) : undefined;
  const loadText = readText(root, 'proc/loadavg');
  const governors = Array.from({ length: stat?.cpus ?? 0 }, (_, i) => trimmed(root, `sys/devices/system/cpu/cpu${i}/cpufreq/scaling_governor`)).filter(
    (g): g is string => g !== undefined,
  );
  const optional = (key: keyof SystemSnapshot, path: string) => {
    const v = trimmed(root, path);
    return v === undefined ? {} : { [key]: v };
  };
  return {
    ...(stat ? { stat } : {}),
    ...(loadText ? { load1: parseLoadAvg(loadText).load1 } : {}),
    governors,
    ...optional('noTurbo', 'sys/devices/system/cpu/intel_pstate/no_turbo'),
    ...optional('boost', 'sys/devices/system/cpu/cpufreq/boost'),
    ...optional('aslr', 'proc/sys/kernel/randomize_va_space'),
    ...optional('smtActive', 'sys/devices/system/cpu/smt/active'),
    ...optional('isolated', 'sys/devices/system/cpu/isolated'),
    ...optional('transparentHugepages', 'sys/kernel/mm/transparent_hugepage/enabled'),
    processes: processes(root),
  };
}
