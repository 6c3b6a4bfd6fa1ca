/**
 * `dnnperf doctor` on fixture roots: a snapshot recorded on the project's 2-core VM (a busy
 * loop beside the other agents' work, /proc and /sys copied 1 s apart), and two machines
 * written here (a tuned bare-metal box and an untuned one), plus GPUs through a fake nvidia-smi.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { doctorCommand, renderFindings } from '../../src/cli/commands/doctor.js';
import { busyProcesses, diagnose, doctor, type Finding, readDoctorGpus } from '../../src/env/doctor.js';
import { readSystemSnapshot } from '../../src/env/system-snapshot.js';
import { fakeNvidiaSmi } from './fake-nvidia-smi.js';

const VM = join(import.meta.dirname, 'fixtures', 'doctor', 'vm');
const NO_GPU = { gpus: [] as [], reason: 'nvidia-smi not found on PATH (no NVIDIA driver here)' };
const byCheck = (findings: Finding[]) => Object.fromEntries(findings.map((f) => [f.check, f]));

/** A /proc and /sys tree from path -> content. */
function root(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const STAT = (user: number, idle: number) =>
  `cpu  ${user} 0 0 ${idle} 0 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0\ncpu1 0 0 0 0 0 0 0 0\ncpu2 0 0 0 0 0 0 0 0\ncpu3 0 0 0 0 0 0 0 0\n`;
const pid = (n: number, comm: string, ticks: number) => `${n} (${comm}) S 1 ${n} ${n} 0 -1 0 0 0 0 0 ${ticks} 0 0 0 20 0 1 0 100 0 0\n`;

function machine(tuned: boolean, stat: string, worker: number) {
  const gov = tuned ? 'performance' : 'powersave';
  return root({
    'proc/stat': stat,
    'proc/loadavg': tuned ? '0.02 0.05 0.01 1/200 999\n' : '3.50 2.00 1.00 4/300 999\n',
    'proc/sys/kernel/randomize_va_space': tuned ? '0\n' : '2\n',
    ...Object.fromEntries([0, 1, 2, 3].map((c) => [`sys/devices/system/cpu/cpu${c}/cpufreq/scaling_governor`, `${gov}\n`])),
    'sys/devices/system/cpu/intel_pstate/no_turbo': tuned ? '1\n' : '0\n',
    'sys/devices/system/cpu/smt/active': tuned ? '0\n' : '1\n',
    'sys/devices/system/cpu/isolated': tuned ? '2-3\n' : '\n',
    'proc/100/stat': pid(100, 'chrome', worker),
    'proc/200/stat': pid(200, 'sshd', 5),
  });
}

/** A CommandIo that keeps what was written. */
function capture() {
  const o = {
    out: '',
    err: '',
    env: {},
    stdout: (t: string) => {
      o.out += t;
    },
    stderr: (t: string) => {
      o.err += t;
    },
  };
  return o;
}

describe('dnnperf doctor', () => {
  it('the recorded VM: no cpufreq or boost to read, ASLR on, SMT off, no isolated CPUs, a high load and the busy loop named with its share', () => {
    const before = readSystemSnapshot(join(VM, 'before'));
    const after = readSystemSnapshot(join(VM, 'after'));
    const f = byCheck(diagnose(before, after, NO_GPU, { selfPid: 0, intervalMs: 1000 }));
    expect(f['cpu governor']).toMatchObject({ status: 'info', value: expect.stringContaining('not readable') });
    expect(f['turbo boost']).toMatchObject({ status: 'info' });
    expect(f['ASLR']).toMatchObject({
      status: 'info',
      value: expect.stringMatching(/^on \(randomize_va_space=2\)/),
      fix: expect.stringContaining('setarch -R'),
    });
    expect(f['SMT']).toMatchObject({ status: 'ok', value: 'off' });
    expect(f['isolated CPUs']).toMatchObject({ status: 'info', fix: expect.stringContaining('isolcpus=') });
    expect(f['load']).toMatchObject({ status: 'warn', value: expect.stringMatching(/^load average \d\.\d\d over the last minute on 2 CPUs$/) });
    // 29 of the 105.5 ticks each CPU counted in the second: the loop got 27% of a CPU on a crowded machine.
    expect(busyProcesses(before, after, 0)).toEqual([{ pid: 17061, comm: 'node', share: expect.closeTo(0.275, 2) }]);
    expect(f['busy processes']).toMatchObject({ status: 'warn', value: 'node (pid 17061) 27% of a CPU over 1 s', fix: expect.stringContaining('stop them') });
    expect(f['gpu']).toMatchObject({ status: 'info', value: expect.stringContaining('nvidia-smi not found') });
  });

  it('a tuned machine is all ok; an untuned one gets a warning and the fix for each setting', () => {
    const tuned = byCheck(
      diagnose(readSystemSnapshot(machine(true, STAT(0, 0), 10)), readSystemSnapshot(machine(true, STAT(4, 396), 11)), NO_GPU, {
        selfPid: 0,
        intervalMs: 1000,
      }),
    );
    for (const check of ['cpu governor', 'turbo boost', 'ASLR', 'SMT', 'isolated CPUs', 'load', 'busy processes'])
      expect(tuned[check]!.status, check).toBe('ok');
    expect(tuned['isolated CPUs']!.value).toBe('2-3');

    // 400 ticks over 4 CPUs = 100 per CPU; chrome used 80 of them.
    const untuned = byCheck(
      diagnose(readSystemSnapshot(machine(false, STAT(0, 0), 10)), readSystemSnapshot(machine(false, STAT(100, 300), 90)), NO_GPU, {
        selfPid: 0,
        intervalMs: 1000,
      }),
    );
    expect(untuned['cpu governor']).toMatchObject({
      status: 'warn',
      value: expect.stringMatching(/^powersave/),
      fix: 'sudo cpupower frequency-set -g performance',
    });
    expect(untuned['turbo boost']).toMatchObject({ status: 'warn', fix: 'echo 1 | sudo tee /sys/devices/system/cpu/intel_pstate/no_turbo' });
    expect(untuned['SMT']).toMatchObject({ status: 'warn', fix: 'echo off | sudo tee /sys/devices/system/cpu/smt/control' });
    expect(untuned['load']).toMatchObject({ status: 'warn' });
    expect(untuned['busy processes']).toMatchObject({ status: 'warn', value: 'chrome (pid 100) 80% of a CPU over 1 s' });
  });

  it('GPUs: persistence off and idle clocks get their fixes; a thermal slowdown is a warning', async () => {
    const smi = fakeNvidiaSmi({
      '--query-gpu=index,persistence_mode':
        '0, Disabled, 345, 1980, 0x0000000000000001, NVIDIA H200\n1, Enabled, 1980, 1980, 0x0000000000000040, NVIDIA H200\n',
    });
    const gpus = await readDoctorGpus({ command: smi });
    const f = byCheck(
      diagnose(readSystemSnapshot(machine(true, STAT(0, 0), 1)), readSystemSnapshot(machine(true, STAT(4, 396), 1)), gpus, { selfPid: 0, intervalMs: 1000 }),
    );
    expect(f['gpu 0 persistence']).toMatchObject({ status: 'warn', fix: 'sudo nvidia-smi -pm 1' });
    expect(f['gpu 0 clocks']).toMatchObject({
      status: 'info',
      value: expect.stringMatching(/^SM clock 345 of 1980 MHz now/),
      fix: 'to lock it: sudo nvidia-smi -lgc 1980,1980',
    });
    expect(f['gpu 1 persistence']).toMatchObject({ status: 'ok', value: 'persistence mode on (NVIDIA H200)' });
    expect(f['gpu 1 clocks']).toMatchObject({ status: 'ok' });
    expect(f['gpu 1 throttling']).toMatchObject({ status: 'warn', value: 'throttled now (hw_thermal_slowdown)' });
  });

  it('the command prints one line per finding with its fix under it, and JSON on request', async () => {
    const rootDir = machine(false, STAT(0, 0), 10);
    const nvidiaSmi = { command: fakeNvidiaSmi({}) };
    const out = capture();
    expect(await doctorCommand({ interval: 0.01 }, out, { root: rootDir, nvidiaSmi })).toBe(0);
    expect(out.out).toMatch(/^warn {2}cpu governor +powersave: .*\n +fix: sudo cpupower frequency-set -g performance\n/);
    expect(out.out).toMatch(/dnnperf doctor: \d findings that can disturb measurements \(fixes above\)\n$/);
    const json = capture();
    await doctorCommand({ json: true, interval: 0.01 }, json, { root: rootDir, nvidiaSmi });
    expect(JSON.parse(json.out)).toEqual(await doctor({ root: rootDir, intervalMs: 10, nvidiaSmi }));
    expect(renderFindings([{ check: 'x', status: 'ok', value: 'fine' }])).toBe(
      'ok    x  fine\n\ndnnperf doctor: nothing found that would disturb a measurement\n',
    );
  });
});
