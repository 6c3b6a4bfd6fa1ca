/**
 * Configurations measured on a disturbed machine are environment suspect, never regressions:
 * the head's trials carry the disturbance their measuring process recorded (results'
 * `machine.disturbance`), and compare, baselines and the gate outcome act on it.
 */
import { describe, expect, it } from 'vitest';
import { baselineFromRun, sideFromBaseline } from '../../src/compare/baseline.js';
import { compareSides } from '../../src/compare/compare.js';
import { renderJunit } from '../../src/compare/export/junit.js';
import { gateOutcome } from '../../src/compare/gate-outcome.js';
import { sideFromRun } from '../../src/compare/side.js';
import type { RunData } from '../../src/results/run-files.js';
import { suiteRun } from './fixtures.js';

const BUSY = 'other processes used 1.65 of 2 CPUs (83%, limit 10%)';

/** Marks the given trials of every configuration of `model` (batch 1) as measured while the machine was busy. */
function disturb(run: RunData, model: string, trials: number[]): RunData {
  return {
    ...run,
    results: run.results.map((r) =>
      r.status === 'ok' && r.config.model.name === model && r.config.batch === 1 && trials.includes(r.config.trial)
        ? { ...r, machine: { windowMs: 1000, cpus: 2, ownCores: 0.35, otherCores: 1.65, stealShare: 0, disturbance: BUSY } }
        : r,
    ),
  };
}

describe('disturbed measurements', () => {
  it('a busy machine during two head trials makes a 2x "slowdown" environment suspect (exit 2), not a regression (exit 1)', () => {
    const head = disturb(
      suiteRun('b', 2, 6, (m, b) => (m === 'resnet-mini' && b === 1 ? 2 : 1)),
      'resnet-mini',
      [2, 4],
    );
    const c = compareSides(sideFromRun(suiteRun('a', 1, 6)), sideFromRun(head));
    const resnet = c.configs.find((x) => x.model === 'resnet-mini' && x.batch === 1)!;
    expect(resnet.disturbance).toBe(`head 2 of 6 trials, first trial 2: ${BUSY}`);
    expect(resnet.notes).toContain(`measured on a disturbed machine: head 2 of 6 trials, first trial 2: ${BUSY}`);
    expect(c.environmentSuspect).toBe(true);
    const outcome = gateOutcome(c);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.message).toBe(
      `environment suspect: 1 of 10 configurations measured on a disturbed machine (resnet-mini ort:cpu batch 1: head 2 of 6 trials, first trial 2: ${BUSY}): ` +
        'the timings cannot be judged; stop what else runs (`dnnperf doctor` lists busy processes) and measure again',
    );
    expect(outcome.message).not.toContain('\n');
    expect(renderJunit(c)).toContain('<error type="environment-suspect"');
  });

  it('an undisturbed pair of runs is judged as before', () => {
    const c = compareSides(sideFromRun(suiteRun('a', 1, 6)), sideFromRun(suiteRun('b', 2, 6)));
    expect(c.configs.every((x) => x.disturbance === undefined)).toBe(true);
    expect(c.environmentSuspect).toBe(false);
  });

  it('a baseline saved from a disturbed run keeps the disturbance, warns, and every later gate says to save it again', () => {
    const { baseline, warnings } = baselineFromRun(disturb(suiteRun('a', 1, 6), 'mlp-mini', [0]));
    expect(baseline.configurations.find((c) => c.config.model.name === 'mlp-mini' && c.config.batch === 1)!.disturbances).toEqual([`trial 0: ${BUSY}`]);
    expect(warnings.join('\n')).toMatch(/1 configuration\(s\) were measured on a disturbed machine \(mlp-mini ort:cpu batch 1, trial 0: other processes/);
    const c = compareSides(sideFromBaseline(baseline), sideFromRun(suiteRun('b', 2, 6)));
    expect(c.environmentSuspectReason).toMatch(
      /^1 of 10 configurations measured on a disturbed machine \(mlp-mini ort:cpu batch 1: base 1 of 6 trials, first trial 0: .*save the baseline again from a run on an idle machine/,
    );
  });

  it('a baseline with enough clean trials left leaves the disturbed ones out, says so, and later gates judge it', () => {
    const { baseline, warnings } = baselineFromRun(disturb(suiteRun('a', 1, 12), 'mlp-mini', [3]));
    const mlp = baseline.configurations.find((c) => c.config.model.name === 'mlp-mini' && c.config.batch === 1)!;
    expect(mlp.disturbances).toBeUndefined();
    expect(mlp.trialMediansMs).toHaveLength(11);
    expect(warnings).toContain('left out 1 trial(s) of 1 configuration(s) measured on a disturbed machine (6 or more clean trials remain for each)');
    expect(compareSides(sideFromBaseline(baseline), sideFromRun(suiteRun('b', 2, 6))).environmentSuspectReason).toBeUndefined();
  });

  it('a drift beside a disturbance names both', () => {
    const head = disturb(
      suiteRun('b', 2, 6, () => 1.3),
      'detector-mini',
      [1],
    );
    const c = compareSides(sideFromRun(suiteRun('a', 1, 6)), sideFromRun(head));
    expect(c.environmentSuspectReason).toMatch(/^1 of 10 configurations measured on a disturbed machine .*; also 10 of 10 configurations moved together/);
  });
});
