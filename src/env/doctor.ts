/**
 * `dnnperf doctor`, in the spirit of pyperf's `system show`: what on this machine makes
 * timings noisy, each finding with its fix. CPU frequency governor, turbo/boost, address-space
 * randomization, SMT, isolated CPUs, load, the busiest other processes (sampled over an
 * interval), and for NVIDIA GPUs persistence mode, clocks and throttle reasons.
 * `diagnose` is pure over two system snapshots and the GPU reading; `doctor` takes them.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DISTURBING_THROTTLE_REASONS, throttleReasonNames } from './gpu-state.js';
import { type NvidiaSmiOptions, numberField, parseCsvRows, runNvidiaSmi, textField } from './nvidia-smi.js';
import { busyTicks } from './proc-stat.js';
import { readSystemSnapshot, type SystemSnapshot } from './system-snapshot.js';

export type FindingStatus = 'ok' | 'warn' | 'info';

export interface Finding {
  check: string;
  status: FindingStatus;
  /** What was found, in words. */
  value: string;
  /** What to do about it (warn and info findings). */
  fix?: string;
}

export interface DoctorGpu {
  index: number;
  name: string;
  persistence?: string;
  smClockMHz?: number;
  maxSmClockMHz?: number;
  throttleReasons: string[];
}

export type DoctorGpuReading = { gpus: DoctorGpu[] } | { gpus: []; reason: string };

/** A process using more than this share of one CPU during the interval is listed. */
export const BUSY_PROCESS_SHARE = 0.05;
/** Processes listed at most. */
const BUSY_LISTED = 5;
/** Default sampling interval for the busy processes, ms. */
export const DOCTOR_INTERVAL_MS = 1000;

export const GPU_DOCTOR_FIELDS = ['index', 'persistence_mode', 'clocks.sm', 'clocks.max.sm', 'clocks_throttle_reasons.active', 'name'] as const;

export function parseGpuDoctorQuery(text: string): DoctorGpu[] {
  return parseCsvRows(text).map((f) => ({
    index: numberField(f[0]) ?? 0,
    persistence: textField(f[1]),
    smClockMHz: numberField(f[2]),
    maxSmClockMHz: numberField(f[3]),
    throttleReasons: throttleReasonNames(f[4]),
    name: f.slice(5).join(', '),
  }));
}

export async function readDoctorGpus(options: NvidiaSmiOptions = {}): Promise<DoctorGpuReading> {
  const res = await runNvidiaSmi([`--query-gpu=${GPU_DOCTOR_FIELDS.join(',')}`, '--format=csv,noheader,nounits'], options);
  return res.ok ? { gpus: parseGpuDoctorQuery(res.stdout) } : { gpus: [], reason: res.reason };
}

function cpuFindings(s: SystemSnapshot): Finding[] {
  const cpus = s.stat?.cpus ?? 0;
  const out: Finding[] = [];
  const govs = [...new Set(s.governors)];
  if (govs.length === 0) {
    out.push({
      check: 'cpu governor',
      status: 'info',
      value: 'not readable (no cpufreq: a VM or container, where the host sets the frequency)',
      fix: 'on bare metal, load a cpufreq driver; on a VM, ask for dedicated CPUs',
    });
  } else if (govs.length === 1 && govs[0] === 'performance') {
    out.push({ check: 'cpu governor', status: 'ok', value: `performance on ${s.governors.length} CPUs` });
  } else {
    out.push({
      check: 'cpu governor',
      status: 'warn',
      value: `${govs.join(', ')}: the frequency follows the load, so the first runs and short models run slower`,
      fix: 'sudo cpupower frequency-set -g performance',
    });
  }
  if (s.noTurbo !== undefined || s.boost !== undefined) {
    const on = s.noTurbo === '0' || s.boost === '1';
    out.push(
      on
        ? {
            check: 'turbo boost',
            status: 'warn',
            value: 'on: the clock depends on temperature and on how many cores are busy',
            fix:
              s.noTurbo !== undefined
                ? 'echo 1 | sudo tee /sys/devices/system/cpu/intel_pstate/no_turbo'
                : 'echo 0 | sudo tee /sys/devices/system/cpu/cpufreq/boost',
          }
        : { check: 'turbo boost', status: 'ok', value: 'off' },
    );
  } else out.push({ check: 'turbo boost', status: 'info', value: 'not readable (no intel_pstate/no_turbo or cpufreq/boost)' });
  if (s.aslr !== undefined) {
    out.push(
      s.aslr === '0'
        ? { check: 'ASLR', status: 'ok', value: 'off (randomize_va_space=0): every process gets the same layout' }
        : {
            check: 'ASLR',
            status: 'info',
            value: `on (randomize_va_space=${s.aslr}): memory layout differs from process to process, one source of per-process spread (docs/noise.md)`,
            fix: 'for one command: setarch -R dnnperf ...; machine-wide: sudo sysctl kernel.randomize_va_space=0',
          },
    );
  }
  if (s.smtActive !== undefined) {
    out.push(
      s.smtActive === '1'
        ? {
            check: 'SMT',
            status: 'warn',
            value: 'on: a sibling hyperthread shares each core with the measurement',
            fix: 'echo off | sudo tee /sys/devices/system/cpu/smt/control',
          }
        : { check: 'SMT', status: 'ok', value: 'off' },
    );
  }
  if (s.isolated !== undefined) {
    out.push(
      s.isolated === ''
        ? {
            check: 'isolated CPUs',
            status: 'info',
            value: 'none: the scheduler may put anything beside the measurement',
            fix: 'boot with isolcpus=<list> nohz_full=<list> and run dnnperf under taskset -c <list>',
          }
        : { check: 'isolated CPUs', status: 'ok', value: s.isolated },
    );
  }
  if (s.load1 !== undefined && cpus > 0) {
    const high = s.load1 > Math.max(0.5, 0.1 * cpus);
    out.push({
      check: 'load',
      status: high ? 'warn' : 'ok',
      value: `load average ${s.load1.toFixed(2)} over the last minute on ${cpus} CPUs`,
      ...(high ? { fix: 'wait for the machine to go idle, or stop the busy processes listed below' } : {}),
    });
  }
  if (s.transparentHugepages !== undefined) {
    out.push({ check: 'transparent hugepages', status: 'info', value: s.transparentHugepages });
  }
  return out;
}

/** Other processes' CPU use between two snapshots, as a share of one CPU, busiest first. */
export function busyProcesses(before: SystemSnapshot, after: SystemSnapshot, selfPid: number): Array<{ pid: number; comm: string; share: number }> {
  if (!before.stat || !after.stat) return [];
  const ticksPerCpu = (busyTicks(after.stat.total).all - busyTicks(before.stat.total).all) / after.stat.cpus;
  if (ticksPerCpu <= 0) return [];
  const prior = new Map(before.processes.map((p) => [p.pid, p.ticks]));
  return after.processes
    .filter((p) => p.pid !== selfPid && prior.has(p.pid))
    .map((p) => ({ pid: p.pid, comm: p.comm, share: (p.ticks - prior.get(p.pid)!) / ticksPerCpu }))
    .filter((p) => p.share > BUSY_PROCESS_SHARE)
    .sort((a, b) => b.share - a.share);
}

function processFinding(before: SystemSnapshot, after: SystemSnapshot, selfPid: number, intervalMs: number): Finding {
  const busy = busyProcesses(before, after, selfPid);
  if (!before.stat) return { check: 'busy processes', status: 'info', value: 'not readable (no /proc/stat)' };
  if (busy.length === 0)
    return { check: 'busy processes', status: 'ok', value: `none above ${BUSY_PROCESS_SHARE * 100}% of a CPU over ${intervalMs / 1000} s` };
  const listed = busy.slice(0, BUSY_LISTED).map((p) => `${p.comm} (pid ${p.pid}) ${Math.round(p.share * 100)}%`);
  const more = busy.length > BUSY_LISTED ? ` and ${busy.length - BUSY_LISTED} more` : '';
  return {
    check: 'busy processes',
    status: 'warn',
    value: `${listed.join(', ')}${more} of a CPU over ${intervalMs / 1000} s`,
    fix: 'stop them before measuring: they share the CPUs, caches and memory bandwidth with the measurement',
  };
}

function gpuFindings(reading: DoctorGpuReading): Finding[] {
  if ('reason' in reading) return [{ check: 'gpu', status: 'info', value: `no NVIDIA GPU read (${reading.reason})` }];
  return reading.gpus.flatMap((g): Finding[] => {
    const id = `gpu ${g.index}`;
    const out: Finding[] = [];
    out.push(
      g.persistence === 'Enabled'
        ? { check: `${id} persistence`, status: 'ok', value: `persistence mode on (${g.name})` }
        : {
            check: `${id} persistence`,
            status: 'warn',
            value: `persistence mode ${g.persistence ?? 'unknown'} (${g.name}): the driver unloads between jobs and the first runs pay for it`,
            fix: 'sudo nvidia-smi -pm 1',
          },
    );
    if (g.smClockMHz !== undefined && g.maxSmClockMHz !== undefined) {
      const low = g.smClockMHz < 0.9 * g.maxSmClockMHz;
      out.push({
        check: `${id} clocks`,
        status: low ? 'info' : 'ok',
        value: `SM clock ${g.smClockMHz} of ${g.maxSmClockMHz} MHz${low ? ' now: it ramps up under load, so dnnperf warms up until it settles' : ''}`,
        ...(low ? { fix: `to lock it: sudo nvidia-smi -lgc ${g.maxSmClockMHz},${g.maxSmClockMHz}` } : {}),
      });
    }
    const slowed = g.throttleReasons.filter((r) => DISTURBING_THROTTLE_REASONS.has(r));
    if (slowed.length > 0) {
      out.push({
        check: `${id} throttling`,
        status: 'warn',
        value: `throttled now (${slowed.join(', ')})`,
        fix: 'check cooling and power limits (nvidia-smi -q -d PERFORMANCE)',
      });
    }
    return out;
  });
}

export function diagnose(before: SystemSnapshot, after: SystemSnapshot, gpus: DoctorGpuReading, o: { selfPid: number; intervalMs: number }): Finding[] {
  return [...cpuFindings(after), processFinding(before, after, o.selfPid, o.intervalMs), ...gpuFindings(gpus)];
}

export interface DoctorOptions {
  /** Where /proc and /sys are (default '/'). */
  root?: string;
  /** How long to watch the processes, ms (default DOCTOR_INTERVAL_MS). */
  intervalMs?: number;
  nvidiaSmi?: NvidiaSmiOptions;
}

export async function doctor(o: DoctorOptions = {}): Promise<Finding[]> {
  const intervalMs = o.intervalMs ?? DOCTOR_INTERVAL_MS;
  const before = readSystemSnapshot(o.root);
  const gpus = await readDoctorGpus(o.nvidiaSmi);
  await sleep(intervalMs);
  return diagnose(before, readSystemSnapshot(o.root), gpus, { selfPid: process.pid, intervalMs });
}
