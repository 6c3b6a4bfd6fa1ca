/**
 * Configurations with several requests in flight are compared on throughput (higher is better)
 * and on p99 latency, with the statistics and verdicts latency gets.
 */
import { describe, expect, it } from 'vitest';
import { baselineFromRun, sideFromBaseline } from '../../src/compare/baseline.js';
import { compareSides } from '../../src/compare/compare.js';
import { changeText, sideValue } from '../../src/compare/export/format.js';
import { renderTerminal } from '../../src/compare/export/terminal.js';
import { gateOutcome } from '../../src/compare/gate-outcome.js';
import { type LoadFigures, type Side, type SideConfig, sideFromRun } from '../../src/compare/side.js';
import { configLabel } from '../../src/results/config-label.js';
import type { ConfigSpec } from '../../src/results/schema.js';
import { concurrencyRun } from '../report/concurrency-fixture.js';
import { makeConfig, makeEnv } from './fixtures.js';

const loadConfig = (): ConfigSpec => ({
  ...makeConfig({ model: 'resnet50', spec: 'ort:cuda', batch: 8 }),
  key: 'c4',
  concurrency: 4,
  concurrencyMode: 'sessions',
});

/** Six trials around `tput` inferences/s and `p99` ms, with a little spread (exact, no randomness). */
function figures(tput: number, p99: number): LoadFigures {
  const wiggle = [1, 1.004, 0.996, 1.002, 0.998, 1.001];
  return {
    trialInferencesPerS: wiggle.map((w) => tput * w),
    trialP99Ms: wiggle.map((w) => p99 / w),
    windowInferencesPerS: wiggle.map((w) => tput * w),
    windowP99Ms: wiggle.map((w) => p99 / w),
  };
}

function side(label: string, load: LoadFigures, trials = 6): Side {
  const config = loadConfig();
  const c: SideConfig = {
    key: config.key,
    config,
    label: 'resnet50 ort:cuda batch 8 concurrency 4 (sessions)',
    status: 'ok',
    trialMediansMs: load.trialP99Ms.slice(0, trials).map((p) => p / 2),
    samplesMs: [10, 11, 12],
    load: {
      trialInferencesPerS: load.trialInferencesPerS.slice(0, trials),
      trialP99Ms: load.trialP99Ms.slice(0, trials),
      windowInferencesPerS: load.windowInferencesPerS,
      windowP99Ms: load.windowP99Ms,
    },
  };
  return { runId: label, suite: 's', machineKey: 'm-test', label, environment: makeEnv(), protocolVersion: 1, configs: [c] };
}

describe('compare on throughput and p99', () => {
  it('20% less throughput at the same p99 is a throughput regression, the p99 row unchanged', () => {
    const cmp = compareSides(side('base', figures(1000, 20)), side('head', figures(800, 20)), { driftGuard: false });
    expect(cmp.configs.map((c) => [c.key, c.metric, c.verdict])).toEqual([
      ['c4#throughput', 'throughput', 'regression'],
      ['c4#p99', 'p99', 'unchanged'],
    ]);
    const [tput, p99] = cmp.configs;
    // base / head: above 1 is worse, as for latency
    expect(tput!.ratio).toBeCloseTo(1.25, 9);
    expect(tput!.baseValue).toBeCloseTo(1000.5, 9);
    expect(changeText(tput!)).toMatch(/^1\.25x less throughput \[1\.2\d, 1\.2\d\]$/);
    expect(configLabel(tput!)).toBe('resnet50 ort:cuda batch 8 concurrency 4 (sessions): throughput');
    expect(sideValue(tput!, 'head')).toBe('800.4 inf/s');
    expect(p99!.ratio).toBeCloseTo(1, 9);
    expect(tput!.baseTrialMediansMs).toHaveLength(6);
    expect(gateOutcome(cmp).message).toBe('gate failed: 1 regression (resnet50 ort:cuda batch 8 concurrency 4 (sessions): throughput)');
    expect(renderTerminal(cmp)).toMatch(
      /resnet50 ort:cuda batch 8 concurrency 4 \(sessions\): throughput +100\d inf\/s +800\.\d inf\/s +1\.25x less throughput/,
    );
  });

  it('more throughput is an improvement; a longer p99 alone is a regression', () => {
    const cmp = compareSides(side('base', figures(1000, 20)), side('head', figures(1300, 26)), { driftGuard: false });
    expect(cmp.configs.map((c) => c.verdict)).toEqual(['improvement', 'regression']);
    expect(changeText(cmp.configs[0]!)).toMatch(/^1\.30x more throughput/);
    expect(changeText(cmp.configs[1]!)).toMatch(/^1\.30x slower/);
  });

  it('with fewer than 3 trials, tests the measurement windows of one process and says so', () => {
    const cmp = compareSides(side('base', figures(1000, 20), 1), side('head', figures(800, 20), 1), { driftGuard: false });
    expect(cmp.configs[0]!.notes[0]).toBe(
      "fewer than 3 trials (base 1, head 1): tested on one process's measurement windows, which understate run-to-run variance; measure with --trials 6",
    );
  });
});

describe('throughput figures from runs and baselines', () => {
  it('a run gives each concurrent configuration its throughput and p99, and a baseline keeps them', () => {
    const run = concurrencyRun();
    const fromRun = sideFromRun(run);
    const c4 = fromRun.configs.find((c) => c.config.concurrency === 4 && c.config.spec === 'ort:cuda' && c.config.batch === 8)!;
    // Rounded to 6 significant digits as the baseline keeps it, so the run and its baseline judge alike.
    expect(c4.load!.trialInferencesPerS).toEqual([333.333]);
    expect(c4.load!.trialP99Ms[0]).toBeCloseTo(14.4, 9);
    expect(c4.load!.windowInferencesPerS).toHaveLength(3);
    // concurrency 1 is judged on its median latency, as in a run without the axis
    expect(fromRun.configs.find((c) => c.config.concurrency === 1)!.load).toBeUndefined();
    const back = sideFromBaseline(baselineFromRun(run).baseline).configs.find((c) => c.key === c4.key)!;
    expect(back.load).toEqual(c4.load);
    const cmp = compareSides(sideFromBaseline(baselineFromRun(run).baseline), fromRun, { driftGuard: false });
    // 13 configurations, 9 of them concurrent: 4 latency rows and 18 throughput or p99 rows
    expect(cmp.configs).toHaveLength(4 + 18);
    expect(cmp.configs.filter((c) => c.metric === 'throughput')).toHaveLength(9);
  });
});
