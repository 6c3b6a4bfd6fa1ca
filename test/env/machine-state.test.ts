/**
 * Machine state from /proc samples recorded on the project's 2-core VM (test/env/fixtures/machine:
 * /proc/stat and /proc/loadavg before and after a one-core busy loop, with that loop's own CPU
 * time and clock), so nothing here depends on this machine's timing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineDisturbance, machineStateBetween, OTHER_CPU_SHARE_LIMIT, takeMachineSnapshot } from '../../src/env/machine-state.js';
import { parsePidStat, parseProcStat } from '../../src/env/proc-stat.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'machine');

function recorded(name: string) {
  const clock = JSON.parse(readFileSync(join(FIXTURES, name, 'clock.json'), 'utf8')) as Record<'before' | 'after', { atMs: number; ownCpuUs: number }>;
  const snap = (side: 'before' | 'after') =>
    takeMachineSnapshot({ root: join(FIXTURES, name, side), now: () => clock[side].atMs, ownCpuUs: () => clock[side].ownCpuUs });
  return machineStateBetween(snap('before'), snap('after'));
}

describe('machine state from recorded /proc/stat samples', () => {
  it('two busy loops beside the measured one: other processes used most of the 2 CPUs, named as the disturbance', () => {
    const s = recorded('two-busy-loops');
    expect(s.cpus).toBe(2);
    expect(s.windowMs).toBeCloseTo(1000.3, 0);
    expect(s.ownCores).toBeCloseTo(0.347, 2);
    // 200 ticks passed on 2 CPUs, all busy: 2 CPUs busy, 0.35 of them the measured process.
    expect(s.otherCores).toBeCloseTo(1.65, 1);
    expect(s.stealShare).toBe(0);
    expect(s.load1).toEqual({ before: 2.93, after: 2.93 });
    expect(s.disturbance).toBe('other processes used 1.65 of 2 CPUs (83%, limit 10%)');
  });

  it('other agents using about one CPU beside a one-core measurement are a disturbance too', () => {
    const s = recorded('agents-busy');
    expect(s.ownCores).toBeCloseTo(0.96, 2);
    expect(s.otherCores).toBeGreaterThan(0.9);
    expect(s.disturbance).toMatch(/^other processes used 0\.9\d of 2 CPUs \(49%, limit 10%\)$/);
  });

  it('a quiet window is not disturbed; the limits are shares of the machine', () => {
    expect(machineDisturbance({ cpus: 2, otherCores: 0.19, stealShare: 0 })).toBeUndefined();
    expect(machineDisturbance({ cpus: 2, otherCores: 0.21, stealShare: 0 })).toMatch(/^other processes used 0\.21 of 2 CPUs/);
    expect(machineDisturbance({ cpus: 16, otherCores: 1.5, stealShare: 0 })).toBeUndefined();
    expect(OTHER_CPU_SHARE_LIMIT).toBe(0.1);
  });

  it('time stolen by the hypervisor counts against the window (synthetic /proc/stat lines)', () => {
    const before = { atMs: 0, ownCpuUs: 0, stat: parseProcStat('cpu  100 0 0 100 0 0 0 0 0 0\ncpu0 50 0 0 50 0 0 0 0\ncpu1 50 0 0 50 0 0 0 0\n') };
    // 200 ticks in 1 s on 2 CPUs: 100 user (the measuring process: 1 CPU), 80 idle, 20 stolen.
    const after = {
      atMs: 1000,
      ownCpuUs: 1_000_000,
      stat: parseProcStat('cpu  200 0 0 180 0 0 0 20 0 0\ncpu0 100 0 0 90 0 0 0 10\ncpu1 100 0 0 90 0 0 0 10\n'),
    };
    const s = machineStateBetween(before, after);
    expect(s.otherCores).toBeCloseTo(0, 5);
    expect(s.stealShare).toBeCloseTo(0.1, 5);
    expect(s.disturbance).toBe('the hypervisor stole 10% of the CPU time (limit 5%)');
  });

  it('without /proc/stat (not Linux) the state says so instead of guessing', () => {
    const s = machineStateBetween({ atMs: 0, ownCpuUs: 0 }, { atMs: 100, ownCpuUs: 100_000 });
    expect(s).toEqual({ windowMs: 100, ownCores: 1, note: 'no /proc/stat here: CPU time of other processes not recorded' });
  });

  it('reads a process line whose command holds spaces and parentheses', () => {
    expect(parsePidStat('4242 (node (worker) 1) R 1 4242 4242 0 -1 4194304 100 0 0 0 250 30 0 0 20 0 12 0 100 0 0')).toEqual({
      comm: 'node (worker) 1',
      ticks: 280,
    });
    expect(parsePidStat('garbage')).toBeUndefined();
  });
});
