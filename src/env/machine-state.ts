/**
 * What else happened on the machine while a configuration was measured: CPU time used by
 * other processes (the machine's busy time from /proc/stat minus this process's own, from
 * process.cpuUsage, which counts all its threads), time stolen by a hypervisor, the load
 * average and the CPU frequency and governor where readable. Snapshots are taken in the
 * measuring process around the sampling phase; `machineStateBetween` and `machineDisturbance`
 * are pure, so tests run them on recorded /proc files.
 */
import { performance } from 'node:perf_hooks';
import type { MachineState } from '../results/schema.js';
import { busyTicks, type ProcStat, parseLoadAvg, parseProcStat, readText } from './proc-stat.js';

/**
 * Other processes using more than this share of the machine's CPU time disturb a
 * measurement: on 2 CPUs, 0.2 of a CPU, as much as a shell loop polling every few ms.
 */
export const OTHER_CPU_SHARE_LIMIT = 0.1;
/** More stolen time than this (a VM whose host is oversubscribed) disturbs a measurement. */
export const STEAL_SHARE_LIMIT = 0.05;

export interface MachineSnapshot {
  /** Monotonic time of the snapshot, ms. */
  atMs: number;
  /** This process's CPU time (user + system, all threads), microseconds. */
  ownCpuUs: number;
  stat?: ProcStat;
  load1?: number;
  /** Mean current frequency over the CPUs, MHz. */
  cpuMHz?: number;
  governor?: string;
}

export interface SnapshotSources {
  /** Where /proc and /sys are (default '/'; tests pass a fixture folder). */
  root?: string;
  now?: () => number;
  ownCpuUs?: () => number;
}

/** Mean of cpufreq's scaling_cur_freq (kHz) over the CPUs, else /proc/cpuinfo's "cpu MHz". */
function cpuMHz(root: string, cpus: number): number | undefined {
  const freqs: number[] = [];
  for (let i = 0; i < cpus; i++) {
    const khz = Number(readText(root, `sys/devices/system/cpu/cpu${i}/cpufreq/scaling_cur_freq`)?.trim());
    if (Number.isFinite(khz) && khz > 0) freqs.push(khz / 1000);
  }
  if (freqs.length === 0) {
    for (const m of (readText(root, 'proc/cpuinfo') ?? '').matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)) freqs.push(Number(m[1]));
  }
  return freqs.length > 0 ? freqs.reduce((a, b) => a + b, 0) / freqs.length : undefined;
}

export function takeMachineSnapshot(sources: SnapshotSources = {}): MachineSnapshot {
  const root = sources.root ?? '/';
  const statText = readText(root, 'proc/stat');
  const stat = statText ? parseProcStat(statText) : undefined;
  const loadText = readText(root, 'proc/loadavg');
  const governor = readText(root, 'sys/devices/system/cpu/cpu0/cpufreq/scaling_governor')?.trim();
  const mhz = cpuMHz(root, stat?.cpus ?? 1);
  const usage =
    sources.ownCpuUs ??
    (() => {
      const u = process.cpuUsage();
      return u.user + u.system;
    });
  return {
    atMs: (sources.now ?? (() => performance.now()))(),
    ownCpuUs: usage(),
    ...(stat ? { stat } : {}),
    ...(loadText ? { load1: parseLoadAvg(loadText).load1 } : {}),
    ...(mhz !== undefined ? { cpuMHz: mhz } : {}),
    ...(governor ? { governor } : {}),
  };
}

/** ADDR_NO_RANDOMIZE in the personality (linux/personality.h). */
const ADDR_NO_RANDOMIZE = 0x0040000;

/** Whether this process's address space is randomized, from /proc/self/personality (hex); undefined when unreadable. */
export function addressRandomization(root: string): 'on' | 'off' | undefined {
  const text = readText(root, 'proc/self/personality')?.trim();
  if (!text || !/^[0-9a-f]+$/i.test(text)) return undefined;
  return (Number.parseInt(text, 16) & ADDR_NO_RANDOMIZE) !== 0 ? 'off' : 'on';
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The one-line disturbance of a measurement window, or undefined when the machine was quiet. */
export function machineDisturbance(s: Pick<MachineState, 'cpus' | 'otherCores' | 'stealShare'>): string | undefined {
  const reasons: string[] = [];
  if (s.otherCores !== undefined && s.cpus !== undefined && s.otherCores / s.cpus > OTHER_CPU_SHARE_LIMIT) {
    reasons.push(`other processes used ${s.otherCores.toFixed(2)} of ${s.cpus} CPUs (${pct(s.otherCores / s.cpus)}, limit ${pct(OTHER_CPU_SHARE_LIMIT)})`);
  }
  if (s.stealShare !== undefined && s.stealShare > STEAL_SHARE_LIMIT) {
    reasons.push(`the hypervisor stole ${pct(s.stealShare)} of the CPU time (limit ${pct(STEAL_SHARE_LIMIT)})`);
  }
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

/** The machine state between two snapshots of the same process. */
export function machineStateBetween(before: MachineSnapshot, after: MachineSnapshot): MachineState {
  const windowMs = after.atMs - before.atMs;
  const ownCores = windowMs > 0 ? (after.ownCpuUs - before.ownCpuUs) / 1000 / windowMs : 0;
  const base: MachineState = {
    windowMs,
    ownCores,
    ...(before.load1 !== undefined && after.load1 !== undefined ? { load1: { before: before.load1, after: after.load1 } } : {}),
    ...(before.cpuMHz !== undefined && after.cpuMHz !== undefined ? { cpuMHz: { before: before.cpuMHz, after: after.cpuMHz } } : {}),
    ...(after.governor ? { governor: after.governor } : {}),
  };
  if (!before.stat || !after.stat) return { ...base, note: 'no /proc/stat here: CPU time of other processes not recorded' };
  const a = busyTicks(before.stat.total);
  const b = busyTicks(after.stat.total);
  const all = b.all - a.all;
  const cpus = after.stat.cpus;
  if (all <= 0) return { ...base, cpus, note: 'the window was shorter than one clock tick: CPU time of other processes not recorded' };
  // Shares of all ticks, times the CPU count, are CPUs busy on average: no clock-tick rate needed.
  const busyCores = ((b.busy - a.busy) / all) * cpus;
  const state: MachineState = {
    ...base,
    cpus,
    otherCores: Math.max(0, busyCores - ownCores),
    stealShare: (after.stat.total.steal - before.stat.total.steal) / all,
  };
  const disturbance = machineDisturbance(state);
  return disturbance ? { ...state, disturbance } : state;
}
