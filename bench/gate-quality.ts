/**
 * How good is the gate? On real onnxruntime CPU runs of the default suite this prints
 *   - the A/A false-alarm rate (the same build against itself) with a Clopper-Pearson bound,
 *   - the detection rate for slowdowns of 5%, 10% and 20% injected for real
 *     (RunOptions.injectSlowdownPct: a busy-wait of pct% of each timed call, inside the timed window),
 *   - the wall time of one gate.
 *
 * Measuring many whole gates would take hours, so processes are measured once and reused:
 *   - Rounds: one run of the suite per round, `--trials-per-round` processes per configuration.
 *     In each round every model has an injected level; a model's levels over the rounds are
 *     [0 x a-rounds, 5, 10, 20], rotated by the model's position, so every round mixes slowed
 *     and clean models and slow drift of the machine spreads over all levels.
 *   - A/A gates: for every configuration, 2k of its clean trials drawn at random, k for the
 *     baseline and k for the candidate, Holm over the whole matrix as in a real gate.
 *   - Detection: one configuration's k slowed trials as its candidate, every other
 *     configuration's candidate from clean trials not in the baseline (one regression in an
 *     otherwise unchanged matrix, so the drift guard and Holm act as they would in CI).
 * Assumptions: a process's trial median depends on the process and the machine state, not on
 * which other processes ran before it (the run core gives each trial its own process), so
 * trials from different rounds are exchangeable within a level. Resampled gates share trials
 * and are therefore correlated: rates are reported over all of them, and the number of
 * independent (disjoint) gates is printed beside them; the Clopper-Pearson bound is computed
 * for both counts.
 *
 * Usage: npm run bench:gate [-- --smoke] [--reuse <dir>] [--out <dir>] [--repetitions N] ...
 * Run it on an otherwise idle machine: other load is exactly the noise it measures.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median, sampleStandardDeviation, mean } from 'simple-statistics';
import { compareSides, DEFAULT_GATE_TRIALS, MIN_TRIALS } from '../src/compare/compare.js';
import { GATE_PROTOCOL } from '../src/gate/gate.js';
import { sideFromRun, type Side, type SideConfig } from '../src/compare/side.js';
import { thresholdsFromSuite } from '../src/compare/thresholds.js';
import { readRun, type RunData } from '../src/results/run-files.js';
import { runSuite } from '../src/run/run-suite.js';
import { clopperPearson } from '../src/stats/clopper-pearson.js';
import { createRng, type Rng } from '../src/stats/random.js';
import { loadSuite } from '../src/suites/load-suite.js';

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    reuse: { type: 'string' },
    out: { type: 'string' },
    suite: { type: 'string', default: 'default' },
    models: { type: 'string' },
    batches: { type: 'string' },
    levels: { type: 'string' },
    'a-rounds': { type: 'string' },
    'trials-per-round': { type: 'string' },
    'gate-trials': { type: 'string' },
    repetitions: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});

/** The smoke setting checks the machinery in about a minute; its figures mean nothing. */
const SMOKE = { models: 'mlp-mini,transformer-mini,mobilenetv2-mini', batches: '1', levels: '20', aRounds: 2, trialsPerRound: 3, gateTrials: '3', repetitions: 50 };
/**
 * 5 rounds x 8 trials x 10 configurations = 400 processes, about 20 minutes at 3 s each:
 * 16 clean trials per configuration (an A/A gate at k = 8 needs 2k) and 8 per injected level,
 * so the gate can be judged at the default k = 6 and at k = 8 from the same processes.
 */
const FULL = { levels: '5,10,20', aRounds: 2, trialsPerRound: 8, gateTrials: `${DEFAULT_GATE_TRIALS},8`, repetitions: 400 };

interface Schedule {
  suite: string;
  models?: string[];
  batches?: number[];
  /** levels[r][model] = injected percent in round r. */
  levels: Array<Record<string, number>>;
  trialsPerRound: number;
}

const int = (s: string | undefined, d: number) => (s === undefined ? d : Number.parseInt(s, 10));
const list = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean);

function makeSchedule(modelNames: string[]): Schedule {
  const preset = args.smoke ? SMOKE : FULL;
  const levels = (list(args.levels) ?? list(preset.levels)!).map(Number);
  const seq = [...Array<number>(int(args['a-rounds'], preset.aRounds)).fill(0), ...levels];
  return {
    suite: args.suite!,
    ...(args.models || args.smoke ? { models: list(args.models ?? SMOKE.models) } : {}),
    ...(args.batches || args.smoke ? { batches: list(args.batches ?? SMOKE.batches)!.map(Number) } : {}),
    levels: seq.map((_, r) => Object.fromEntries(modelNames.map((m, i) => [m, seq[(r + i) % seq.length]!]))),
    trialsPerRound: int(args['trials-per-round'], preset.trialsPerRound),
  };
}

function suiteModelNames(): string[] {
  const names = list(args.models) ?? (args.smoke ? list(SMOKE.models)! : loadSuite(args.suite!).models.map((m) => ('builtin' in m ? m.builtin : 'zoo' in m ? m.zoo : m.path)));
  return names;
}

async function measure(out: string, schedule: Schedule): Promise<{ runs: RunData[]; seconds: number; processes: number }> {
  const started = performance.now();
  const runs: RunData[] = [];
  let processes = 0;
  for (const [r, levels] of schedule.levels.entries()) {
    const inject = Object.entries(levels).filter(([, pct]) => pct > 0).map(([m, pct]) => `${m}=${pct}`).join(',');
    process.stderr.write(`round ${r + 1}/${schedule.levels.length}: inject ${inject || 'nothing'} ...\n`);
    const run = await runSuite(
      {
        suite: schedule.suite,
        ...(schedule.models ? { models: schedule.models } : {}),
        ...(schedule.batches ? { batches: schedule.batches } : {}),
        backends: ['ort:cpu'],
        trials: schedule.trialsPerRound,
        layers: false,
        fetch: false,
        outDir: out,
        runId: `round-${r + 1}`,
        protocol: GATE_PROTOCOL,
        injectSlowdownPct: levels,
      },
      (e) => {
        if (e.type === 'config-end') processes++;
        if (e.type === 'config-end' && e.result.status !== 'ok') process.stderr.write(`  ${e.result.config.model.name} b${e.result.config.batch}: ${e.result.status}: ${e.result.reason}\n`);
      },
    );
    runs.push(run);
    const elapsed = (performance.now() - started) / 1000;
    process.stderr.write(`  done at ${(elapsed / 60).toFixed(1)} min (${(elapsed / processes).toFixed(2)} s per process)\n`);
  }
  return { runs, seconds: (performance.now() - started) / 1000, processes };
}

/** Per configuration key: its template, and its trial medians by injected level. */
interface Pool {
  template: SideConfig;
  byLevel: Map<number, number[]>;
}

function pool(runs: RunData[], schedule: Schedule): { pools: Pool[]; side: Omit<Side, 'configs'> } {
  const byKey = new Map<string, Pool>();
  runs.forEach((run, r) => {
    for (const c of sideFromRun(run).configs) {
      if (c.status !== 'ok') continue;
      const p = byKey.get(c.key) ?? { template: c, byLevel: new Map() };
      const level = schedule.levels[r]![c.config.model.name] ?? 0;
      p.byLevel.set(level, [...(p.byLevel.get(level) ?? []), ...c.trialMediansMs]);
      byKey.set(c.key, p);
    }
  });
  const first = sideFromRun(runs[0]!);
  return { pools: [...byKey.values()], side: { runId: first.runId, suite: first.suite, machineKey: first.machineKey, label: 'x', environment: first.environment } };
}

function draw(values: readonly number[], count: number, rng: Rng): { picked: number[]; rest: number[] } {
  const a = [...values];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return { picked: a.slice(0, count), rest: a.slice(count) };
}

const asConfig = (p: Pool, trialMediansMs: number[]): SideConfig => ({ ...p.template, trialMediansMs, samplesMs: [] });

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/**
 * The rate with its Clopper-Pearson interval over all resampled comparisons, and the upper end
 * if they carried no more information than the disjoint ones (the same rate on that count).
 */
function rateLine(events: number, total: number, independent: number): string {
  const all = clopperPearson(events, total);
  const ind = clopperPearson(Math.min(independent, Math.round((events / total) * independent)), independent);
  return `${events}/${total} = ${pct(events / total)} (95% CP [${pct(all.low)}, ${pct(all.high)}]; on ${independent} disjoint only: upper ${pct(ind.high)})`;
}

async function main(): Promise<void> {
  const out = args.reuse ?? args.out ?? join('reports', `gate-quality-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  let schedule: Schedule;
  let runs: RunData[];
  let timing: { seconds: number; processes: number };
  if (args.reuse) {
    const saved = JSON.parse(readFileSync(join(out, 'schedule.json'), 'utf8')) as Schedule & { timing: typeof timing };
    schedule = saved;
    timing = saved.timing;
    runs = schedule.levels.map((_, r) => readRun(join(out, `round-${r + 1}`)));
  } else {
    schedule = makeSchedule(suiteModelNames());
    mkdirSync(out, { recursive: true });
    const measured = await measure(out, schedule);
    runs = measured.runs;
    timing = { seconds: measured.seconds, processes: measured.processes };
    writeFileSync(join(out, 'schedule.json'), `${JSON.stringify({ ...schedule, timing }, null, 2)}\n`);
  }

  const ks = list(args['gate-trials'] ?? (args.smoke ? SMOKE.gateTrials : FULL.gateTrials))!.map(Number);
  const reps = int(args.repetitions, args.smoke ? SMOKE.repetitions : FULL.repetitions);
  const { pools, side } = pool(runs, schedule);
  const lines: string[] = [];
  const say = (s: string) => {
    lines.push(s);
    process.stdout.write(`${s}\n`);
  };
  const perProcess = timing.seconds / timing.processes;
  say(`measured: ${schedule.levels.length} rounds x ${schedule.trialsPerRound} trials = ${timing.processes} processes in ${(timing.seconds / 60).toFixed(1)} min (${perProcess.toFixed(2)} s per process, protocol ${JSON.stringify(GATE_PROTOCOL)})`);
  say('trial-to-trial spread of clean per-process medians (CV):');
  for (const p of pools) {
    const t = p.byLevel.get(0) ?? [];
    say(`  ${p.template.label}: median ${median(t).toFixed(4)} ms, CV ${pct(sampleStandardDeviation(t) / mean(t))} over ${t.length} processes`);
  }
  const figures: Record<string, unknown> = { perProcessS: perProcess, timing };
  for (const k of ks) figures[`k${k}`] = analyze(k, reps, pools, side, schedule, perProcess, say);
  writeFileSync(join(out, 'gate-quality.txt'), `${lines.join('\n')}\n`);
  writeFileSync(join(out, 'gate-quality.json'), `${JSON.stringify(figures, null, 2)}\n`);
  process.stderr.write(`figures in ${out}/gate-quality.txt\n`);
}

/** The gate's false alarms, detection and wall time at k processes per configuration and side. */
function analyze(k: number, reps: number, pools: Pool[], side: Omit<Side, 'configs'>, schedule: Schedule, perProcess: number, say: (s: string) => void): Record<string, number> {
  if (k < MIN_TRIALS) throw new Error(`--gate-trials ${k}: the gate tests per-trial medians from ${MIN_TRIALS} trials up`);
  const rng = createRng(int(args.seed, 1));
  const thresholds = thresholdsFromSuite(loadSuite(schedule.suite));
  const clean = (p: Pool) => p.byLevel.get(0) ?? [];
  const minClean = Math.min(...pools.map((p) => clean(p).length));
  if (minClean < 2 * k) {
    say(`k = ${k}: only ${minClean} clean trials for some configuration, A/A gates need ${2 * k}: skipped`);
    return {};
  }
  const gate = (base: SideConfig[], head: SideConfig[]) =>
    compareSides({ ...side, label: 'base', configs: base }, { ...side, label: 'head', configs: head }, { thresholds });
  say('');
  say(`gate quality at k = ${k} processes per configuration and side: suite ${schedule.suite}, ${pools.length} configurations, thresholds from the suite (${thresholds.defaultPct}% default), Holm alpha 0.05`);

  // A/A.
  let falseRegressions = 0;
  let falseChanges = 0;
  let gatesRed = 0;
  let suspect = 0;
  const verdicts: Record<string, number> = {};
  for (let i = 0; i < reps; i++) {
    const base: SideConfig[] = [];
    const head: SideConfig[] = [];
    for (const p of pools) {
      const { picked } = draw(clean(p), 2 * k, rng);
      base.push(asConfig(p, picked.slice(0, k)));
      head.push(asConfig(p, picked.slice(k)));
    }
    const c = gate(base, head);
    for (const x of c.configs) verdicts[x.verdict] = (verdicts[x.verdict] ?? 0) + 1;
    falseRegressions += c.counts.regression;
    falseChanges += c.counts.regression + c.counts.improvement;
    if (c.environmentSuspect) suspect++;
    else if (c.counts.regression > 0) gatesRed++;
  }
  const independentAa = Math.floor(minClean / (2 * k));
  say(`A/A (${reps} resampled gates; ${independentAa} disjoint per configuration):`);
  say(`  false regressions per configuration: ${rateLine(falseRegressions, reps * pools.length, independentAa * pools.length)}`);
  say(`  any false change (regression or improvement): ${pct(falseChanges / (reps * pools.length))}`);
  say(`  gates failed by a false regression: ${rateLine(gatesRed, reps, independentAa)}; environment suspect: ${suspect}`);
  say(`  verdicts: ${Object.entries(verdicts).map(([v, n]) => `${v} ${pct(n / (reps * pools.length))}`).join(', ')}`);

  // Detection: one configuration slowed, the rest unchanged.
  const levels = [...new Set(schedule.levels.flatMap((l) => Object.values(l)))].filter((l) => l > 0).sort((a, b) => a - b);
  const figures: Record<string, number> = { reps, aaFalseRegressionRate: falseRegressions / (reps * pools.length), aaGatesRed: gatesRed / reps };
  for (const level of levels) {
    let detected = 0;
    let total = 0;
    const achieved: number[] = [];
    const perConfig: string[] = [];
    for (const target of pools) {
      const slowed = target.byLevel.get(level) ?? [];
      if (slowed.length < k) continue;
      achieved.push(median(slowed) / median(clean(target)));
      let hits = 0;
      const repsHere = Math.max(1, Math.floor(reps / pools.length));
      for (let i = 0; i < repsHere; i++) {
        const base: SideConfig[] = [];
        const head: SideConfig[] = [];
        for (const p of pools) {
          const { picked, rest } = draw(clean(p), k, rng);
          base.push(asConfig(p, picked));
          head.push(asConfig(p, p === target ? draw(slowed, k, rng).picked : draw(rest, k, rng).picked));
        }
        const c = gate(base, head);
        const verdict = c.configs.find((x) => x.key === target.template.key)?.verdict;
        if (verdict === 'regression' && !c.environmentSuspect) hits++;
      }
      detected += hits;
      total += repsHere;
      perConfig.push(`${target.template.config.model.name}/b${target.template.config.batch} ${pct(hits / repsHere)}`);
    }
    if (total === 0) {
      say(`detection of ${level}%: fewer than ${k} slowed trials per configuration: skipped`);
      continue;
    }
    const independent = pools.filter((p) => (p.byLevel.get(level) ?? []).length >= k).length;
    say(`detection of an injected ${level}% slowdown (achieved ratio median ${median(achieved).toFixed(3)}): ${rateLine(detected, total, independent)}`);
    say(`  per configuration: ${perConfig.join(', ')}`);
    figures[`detection${level}`] = detected / total;
  }
  const gateS = perProcess * pools.length * k;
  say(`wall time per gate: ${pools.length} configurations x ${k} processes x ${perProcess.toFixed(2)} s = ${(gateS / 60).toFixed(1)} min (paired mode: twice that)`);
  figures['gateWallS'] = gateS;
  return figures;
}

await main();
