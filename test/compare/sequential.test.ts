/**
 * The gate's sequential rule (src/compare/sequential.ts): its pieces, and its false-alarm rate
 * over many A/A gates whose per-process medians come from the seeded mock engine's
 * per-process noise model (a 3% spread between processes and one process in eight in a 30%
 * slower mode, like the real engines on a small VM), run in this process: fast and exact.
 */
import { median } from 'simple-statistics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateGate } from '../../bench/gate-quality/simulate.js';
import { holmAdjustment } from '../../src/compare/adjustment.js';
import { DEFAULT_SEQUENTIAL_DESIGN, lookFraction, planNextLook, type SequentialDesign, sequentialAdjustment } from '../../src/compare/sequential.js';
import { type SideConfig, sideFromRun } from '../../src/compare/side.js';
import { defaultThresholds } from '../../src/compare/thresholds.js';
import { parseBackendSpec } from '../../src/engines/backend-spec.js';
import { createMockEngine } from '../../src/engines/mock/mock-engine.js';
import { fixtureComparison } from './comparison-fixture.js';
import { MODELS, makeRun } from './fixtures.js';

const design: SequentialDesign = { ...DEFAULT_SEQUENTIAL_DESIGN };

describe('sequential design', () => {
  it('information fraction: baseline of 12 fixed, head 6 of at most 12; both growing in paired mode', () => {
    expect(lookFraction(design, 12, 6)).toBeCloseTo(4 / 6, 6);
    expect(lookFraction(design, 12, 12)).toBe(1);
    expect(lookFraction({ ...design, baseGrows: true }, 6, 6)).toBeCloseTo(0.5, 6);
  });

  it('one look at full information is Bonferroni; an earlier look is stricter', () => {
    const tests = Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, p: 0.001, nBase: 12, nHead: 12 }));
    const full = sequentialAdjustment(design, new Map())(tests, 0.05);
    expect(full.adjusted[0]).toBeCloseTo(0.01, 4);
    expect(full.boundaries[0]).toBeCloseTo(0.005, 4);
    const early = sequentialAdjustment(design, new Map())(
      tests.map((t) => ({ ...t, nHead: 6 })),
      0.05,
    );
    expect(early.boundaries[0]).toBeLessThan(0.005);
    expect(early.correction).toBe(
      'group-sequential: Pocock-type alpha spending (Lan-DeMets) over up to 12 trials a configuration, Bonferroni over 10 configurations (alpha 0.05)',
    );
  });

  it('measures the undecided configurations again while the budget lasts, in matrix order', () => {
    const c = fixtureComparison();
    const inconclusive = c.configs.filter((x) => x.verdict === 'inconclusive').map((x) => x.key);
    expect(planNextLook(c, design, () => 2, 60)).toEqual({ keys: inconclusive, costS: 6 });
    expect(planNextLook(c, design, () => 2, 5)).toEqual({ keys: [], costS: 0, stoppedBy: 'budget' });
    expect(planNextLook({ ...c, configs: c.configs.filter((x) => x.verdict !== 'inconclusive') }, design, () => 2, 60)).toEqual({
      keys: [],
      stoppedBy: 'decided',
      costS: 0,
    });
    const atCap = { ...c, configs: c.configs.map((x) => ({ ...x, headTrialMediansMs: Array(12).fill(1) })) };
    expect(planNextLook(atCap, design, () => 2, 60).stoppedBy).toBe('max-trials');
  });
});

const PROCESS_NOISE = { DNNPERF_MOCK_PROCESS_CV: '0.03', DNNPERF_MOCK_SLOW_PROCESSES: '0.125x1.3' };

/** Per-process medians of `trials` mock processes (31 runs each) of one model and batch. */
async function mockMedians(seed: number, model: string, batch: number, trials: number): Promise<number[]> {
  process.env['DNNPERF_MOCK_SEED'] = String(seed);
  const engine = createMockEngine();
  const out: number[] = [];
  for (let trial = 0; trial < trials; trial++) {
    const s = await engine.open(`/m/${model}.onnx`, parseBackendSpec('mock:cpu'), { options: {}, trial });
    await s.setInputs([{ input: { dtype: 'float32', dims: [batch, 4], data: new Float32Array(batch * 4) } }]);
    out.push(median(await s.time(31)));
  }
  return out;
}

describe('false alarms of the sequential rule on the mock engine (A/A, many seeds)', () => {
  const GATES = 300;
  const template = sideFromRun(
    makeRun(
      't',
      MODELS.flatMap((model) => [1, 8].map((batch) => ({ model, batch, trials: [[1]] }))),
    ),
  );
  const gates: Array<{ base: SideConfig[]; head: Map<string, number[]> }> = [];

  beforeAll(async () => {
    Object.assign(process.env, PROCESS_NOISE);
    for (let g = 0; g < GATES; g++) {
      const base: SideConfig[] = [];
      const head = new Map<string, number[]>();
      for (const c of template.configs) {
        base.push({ ...c, trialMediansMs: await mockMedians(2 * g + 1, c.config.model.name, c.config.batch, 12), samplesMs: [] });
        head.set(c.key, await mockMedians(2 * g + 2, c.config.model.name, c.config.batch, 12));
      }
      gates.push({ base, head });
    }
  }, 60_000);
  afterAll(() => {
    for (const k of [...Object.keys(PROCESS_NOISE), 'DNNPERF_MOCK_SEED']) delete process.env[k];
  });

  function run(thresholdPct: number, adjust?: typeof holmAdjustment) {
    let falseChanges = 0;
    let gatesWithOne = 0;
    let looks = 0;
    for (const g of gates) {
      const sim = simulateGate({
        side: template,
        base: g.base,
        headPool: g.head,
        design,
        budgetS: Infinity,
        secondsPerTrial: () => 1,
        compare: { thresholds: defaultThresholds(thresholdPct), bootstrap: { resamples: 200 } },
        ...(adjust ? { adjustOverride: adjust } : {}),
      });
      const changed = sim.comparison.counts.regression + sim.comparison.counts.improvement;
      falseChanges += changed;
      if (changed > 0) gatesWithOne++;
      looks += sim.looks;
    }
    return { perConfig: falseChanges / (GATES * 10), perGate: gatesWithOne / GATES, meanLooks: looks / GATES };
  }

  it('with no threshold (significance alone), the chance of any false change in a gate stays under alpha = 5% across the looks; re-testing at full alpha every look (Holm each time, no spending) would raise it', () => {
    const spent = run(0);
    const naive = run(0, holmAdjustment);
    expect(spent.meanLooks).toBeGreaterThan(1.5);
    expect(spent.perGate).toBeLessThan(0.05);
    expect(naive.perGate).toBeGreaterThan(spent.perGate);
  });

  it('at the default 5% threshold, false regressions stay far under 1% of configurations', () => {
    const r = run(5);
    expect(r.perConfig).toBeLessThan(0.01);
  });
}, 120_000);
