/** The gate-quality benchmark's pure parts: the schedule, the pooling of measured trials and the resampled-gate analysis. */
import { describe, expect, it } from 'vitest';
import { analyzeGateQuality, type Pool, poolTrials } from '../../bench/gate-quality/analysis.js';
import { rateLine, reportLines } from '../../bench/gate-quality/report.js';
import { injectedLevels, makeSchedule } from '../../bench/gate-quality/schedule.js';
import { DEFAULT_SEQUENTIAL_DESIGN } from '../../src/compare/sequential.js';
import { sideFromRun } from '../../src/compare/side.js';
import { defaultThresholds } from '../../src/compare/thresholds.js';
import { createRng } from '../../src/stats/random.js';
import { makeRun, synthTrials } from '../compare/fixtures.js';

const schedule = makeSchedule({ suite: 'default', modelNames: ['a', 'b', 'c'], levels: [10, 20], aRounds: 2, trialsPerRound: 6 });

describe('schedule', () => {
  it('rotates each model through clean rounds and the levels, so every round mixes them', () => {
    expect(schedule.levels).toEqual([
      { a: 0, b: 0, c: 10 },
      { a: 0, b: 10, c: 20 },
      { a: 10, b: 20, c: 0 },
      { a: 20, b: 0, c: 0 },
    ]);
    expect(injectedLevels(schedule)).toEqual([10, 20]);
  });
});

/** Pools of synthetic per-process medians: spread `cv` between processes, `slowed` times slower per level. */
function pools(cv: number, trials: number): { pools: Pool[]; side: ReturnType<typeof poolTrials>['side'] } {
  const run = makeRun(
    'r',
    ['a', 'b', 'c'].map((model) => ({ model, trials: [[1]] })),
  );
  const side = sideFromRun(run);
  const rng = createRng(5);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const draw = (factor: number) => Array.from({ length: trials }, () => factor * Math.exp(cv * normal()));
  return {
    pools: side.configs.map((template) => ({
      template,
      byLevel: new Map([
        [0, draw(1)],
        [10, draw(1.1)],
        [20, draw(1.2)],
      ]),
      secondsPerTrial: 2,
    })),
    side: { runId: side.runId, suite: side.suite, machineKey: side.machineKey, environment: side.environment, protocolVersion: side.protocolVersion },
  };
}

const analyze = (cv: number, budgetS = 1000) => {
  const p = pools(cv, 24);
  return analyzeGateQuality({
    ...p,
    schedule,
    thresholds: defaultThresholds(),
    design: DEFAULT_SEQUENTIAL_DESIGN,
    budgetS,
    baselineTrials: 12,
    repetitions: 60,
    seed: 3,
    resamples: 300,
  });
};

describe('resampled gates', () => {
  it('quiet processes (1% spread): no false regression, both slowdowns found, decided at the first look', () => {
    const f = analyze(0.01);
    expect(f.aa.falseRegressions).toBe(0);
    expect(f.aa.meanLooks).toBe(1);
    expect(f.detection['10']!.hits / f.detection['10']!.gates).toBe(1);
    expect(f.detection['20']!.hits / f.detection['20']!.gates).toBe(1);
    expect(f.configs[0]!.aaMeanMdePct).toBeLessThan(8);
    expect(f.aa.meanSpentS).toBe(3 * 6 * 2);
  });

  it('noisy processes (8% spread): more looks, detection of 10% out of reach, and the report says NOT met with the MDE', () => {
    const f = analyze(0.08);
    expect(f.aa.meanLooks).toBeGreaterThan(1);
    expect(f.detection['10']!.hits / f.detection['10']!.gates).toBeLessThan(0.95);
    expect(f.configs[0]!.aaMeanMdePct).toBeGreaterThan(10);
    const lines = reportLines(f).join('\n');
    expect(lines).toMatch(/a b1 .*10%: \d+\.\d\d% of \d+ \(achieved 1\.\d{3}x, MDE \d+\.\d%, inconclusive \d+\.\d\d%\) NOT met/);
  });

  it('a budget that fits only the first look stops there', () => {
    const f = analyze(0.08, 40);
    expect(f.aa.meanLooks).toBe(1);
    expect(f.aa.stoppedBy['budget'] ?? 0).toBeGreaterThan(0);
  });

  it('refuses pools too small for a baseline and a first look', () => {
    const p = pools(0.01, 10);
    expect(() =>
      analyzeGateQuality({
        ...p,
        schedule,
        thresholds: defaultThresholds(),
        design: DEFAULT_SEQUENTIAL_DESIGN,
        budgetS: 100,
        baselineTrials: 12,
        repetitions: 1,
        seed: 1,
      }),
    ).toThrow(/only 10 clean trials/);
  });

  it('pools trials by level and leaves out those measured on a disturbed machine', () => {
    const runs = schedule.levels.map((_, r) =>
      makeRun(
        `round-${r + 1}`,
        ['a', 'b', 'c'].map((model, m) => ({ model, trials: synthTrials(r * 10 + m, 1, 6) })),
      ),
    );
    const first = runs[0]!;
    const disturbed = {
      ...first,
      results: first.results.map((x, i) => (i === 0 && x.status === 'ok' ? { ...x, machine: { windowMs: 1, ownCores: 1, disturbance: 'busy' } } : x)),
    };
    const { pools: p, disturbedLeftOut } = poolTrials([disturbed, ...runs.slice(1)], schedule, {});
    expect(disturbedLeftOut).toBe(1);
    const a = p.find((x) => x.template.config.model.name === 'a')!;
    expect(a.byLevel.get(0)).toHaveLength(11);
    expect(a.byLevel.get(10)).toHaveLength(6);
  });

  it('states a rate with its Clopper-Pearson interval, and the bound if only disjoint gates counted', () => {
    expect(rateLine(0, 4000, 20)).toBe('0/4000 = 0.00% (95% CP [0.00%, 0.09%]; counting only the 20 disjoint ones: upper 16.84%)');
  });
});
