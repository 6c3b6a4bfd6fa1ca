/**
 * How good is the gate? On real onnxruntime CPU runs of the default suite this prints the A/A
 * false-alarm rate with a Clopper-Pearson bound, the detection rate for slowdowns injected for
 * real (RunOptions.injectSlowdownPct: a busy-wait of pct% of each timed call, inside the timed
 * window), the measuring time of one gate, and per configuration whether the targets are met
 * or the minimum detectable effect instead.
 *
 * Measuring many whole gates would take hours, so processes are measured once and reused
 * (./gate-quality/schedule.ts says what is measured, ./gate-quality/analysis.ts how gates are
 * resampled from it, with the same sequential rule as `dnnperf gate`).
 *
 *   npm run bench:gate [-- --smoke] [--protocol V] [--reuse <dir>] [--out <dir>] [--repetitions N] [--budget S] ...
 * Run it on an otherwise idle machine: other load is exactly the noise it measures (and trials
 * measured on a disturbed machine are left out, as the gate does).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_BASELINE_TRIALS } from '../src/compare/baseline.js';
import { DEFAULT_SEQUENTIAL_DESIGN } from '../src/compare/sequential.js';
import { thresholdsFromSuite } from '../src/compare/thresholds.js';
import { DEFAULT_GATE_BUDGET_S, GATE_PROTOCOL } from '../src/gate/gate.js';
import { checkProtocolVersion } from '../src/measure/protocol-defaults.js';
import { type RunData, readRun } from '../src/results/run-files.js';
import { loadSuite } from '../src/suites/load-suite.js';
import { analyzeGateQuality, poolTrials } from './gate-quality/analysis.js';
import { measureRounds } from './gate-quality/measure.js';
import { reportLines } from './gate-quality/report.js';
import { makeSchedule, type Schedule } from './gate-quality/schedule.js';

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    'keep-disturbed': { type: 'boolean', default: false },
    reuse: { type: 'string' },
    out: { type: 'string' },
    suite: { type: 'string', default: 'default' },
    models: { type: 'string' },
    batches: { type: 'string' },
    levels: { type: 'string' },
    'a-rounds': { type: 'string' },
    'trials-per-round': { type: 'string' },
    'baseline-trials': { type: 'string' },
    budget: { type: 'string' },
    repetitions: { type: 'string' },
    seed: { type: 'string', default: '1' },
    /** The measurement protocol version (default: the latest), to measure a protocol change before and after. */
    protocol: { type: 'string' },
  },
});

/** The smoke setting checks the machinery in a few minutes; its figures mean nothing. */
const SMOKE = {
  models: 'mlp-mini,transformer-mini,mobilenetv2-mini',
  batches: '1',
  levels: '10',
  aRounds: 3,
  trialsPerRound: 6,
  baselineTrials: 6,
  repetitions: 30,
};
/**
 * 4 clean rounds and one round per level, 6 trials each: 24 clean trials per configuration (a
 * baseline of 12 and a head of up to 12) and 12 slowed ones per level (the 5% and 10% of the
 * targets take 2 rounds each), 480 processes for the default suite.
 */
const FULL = { levels: '5,5,10,10', aRounds: 4, trialsPerRound: 6, baselineTrials: DEFAULT_BASELINE_TRIALS, repetitions: 300 };

const int = (s: string | undefined, d: number) => (s === undefined ? d : Number.parseInt(s, 10));
const list = (s: string | undefined) =>
  s
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const log = (line: string) => process.stderr.write(`${line}\n`);

function schedule(): Schedule {
  const preset = args.smoke ? SMOKE : FULL;
  const models = list(args.models ?? (args.smoke ? SMOKE.models : undefined));
  const suiteModels = loadSuite(args.suite!).models.map((m) => ('builtin' in m ? m.builtin : 'zoo' in m ? m.zoo : m.path));
  const batches = list(args.batches ?? (args.smoke ? SMOKE.batches : undefined))?.map(Number);
  return makeSchedule({
    suite: args.suite!,
    modelNames: models ?? suiteModels,
    ...(models ? { models } : {}),
    ...(batches ? { batches } : {}),
    // Each level listed once per round it gets: "5,5,10,10" is two rounds of each.
    levels: (list(args.levels) ?? list(preset.levels)!).map(Number),
    aRounds: int(args['a-rounds'], preset.aRounds),
    trialsPerRound: int(args['trials-per-round'], preset.trialsPerRound),
  });
}

async function main(): Promise<void> {
  const preset = args.smoke ? SMOKE : FULL;
  const out = args.reuse ?? args.out ?? join('reports', `gate-quality-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  let plan: Schedule;
  let runs: RunData[];
  let timing: { seconds: number; processes: number; secondsByKey: Record<string, number> };
  if (args.reuse) {
    const saved = JSON.parse(readFileSync(join(out, 'schedule.json'), 'utf8')) as Schedule & { timing: typeof timing };
    plan = saved;
    timing = saved.timing;
    runs = plan.levels.map((_, r) => readRun(join(out, `round-${r + 1}`)));
  } else {
    plan = schedule();
    mkdirSync(out, { recursive: true });
    const measured = await measureRounds(out, plan, log, args.protocol ? checkProtocolVersion(Number(args.protocol)) : undefined);
    runs = measured.runs;
    timing = { seconds: measured.seconds, processes: measured.processes, secondsByKey: measured.secondsByKey };
    writeFileSync(join(out, 'schedule.json'), `${JSON.stringify({ ...plan, timing }, null, 2)}\n`);
  }
  // --smoke keeps trials from a disturbed machine: it checks the machinery, its figures mean nothing.
  const { pools, side, disturbedLeftOut } = poolTrials(runs, plan, timing.secondsByKey, args['keep-disturbed'] || args.smoke);
  const figures = analyzeGateQuality({
    pools,
    side,
    schedule: plan,
    thresholds: thresholdsFromSuite(loadSuite(plan.suite)),
    design: DEFAULT_SEQUENTIAL_DESIGN,
    budgetS: args.budget ? Number(args.budget) : DEFAULT_GATE_BUDGET_S,
    baselineTrials: int(args['baseline-trials'], preset.baselineTrials),
    repetitions: int(args.repetitions, preset.repetitions),
    seed: int(args.seed, 1),
  });
  const lines = [
    `measured: ${plan.levels.length} rounds x ${plan.trialsPerRound} trials = ${timing.processes} processes in ${(timing.seconds / 60).toFixed(1)} min ` +
      `(${(timing.seconds / timing.processes).toFixed(2)} s per process, protocol ${runs[0]?.manifest.protocolVersion ?? 1} with ${JSON.stringify(GATE_PROTOCOL)}); ${disturbedLeftOut} trials measured on a disturbed machine left out`,
    ...reportLines(figures),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  writeFileSync(join(out, 'gate-quality.txt'), `${lines.join('\n')}\n`);
  writeFileSync(join(out, 'gate-quality.json'), `${JSON.stringify({ timing, disturbedLeftOut, ...figures }, null, 2)}\n`);
  log(`figures in ${out}/gate-quality.txt`);
}

await main();
