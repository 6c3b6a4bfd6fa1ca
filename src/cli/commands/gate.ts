/** `dnnperf gate [suite]`: run the suite in several processes per configuration and compare; exit 0 pass, 1 regression, 2 error. */
import type { Command, OptionValues } from '@commander-js/extra-typings';
import { DEFAULT_GATE_TRIALS } from '../../compare/compare.js';
import { DEFAULT_SEQUENTIAL_DESIGN } from '../../compare/sequential.js';
import { DEFAULT_BASELINES_DIR, DEFAULT_GATE_BUDGET_S, GATE_PROTOCOL, type GateOptions, runGate } from '../../gate/gate.js';
import { DEFAULT_PROTOCOL } from '../../measure/protocol-defaults.js';
import { DEFAULT_SUITE } from '../../suites/load-suite.js';
import { withInterrupt } from '../interrupt.js';
import { type CommandIo, processIo } from '../io.js';
import { nonEmpty, positiveInt, positiveNumber } from '../parse.js';
import { createProgress } from '../progress.js';
import { addOutputFlags, checkOutputs, emitComparison, type OutputFlags } from './compare.js';
import { addRunFlags, runOptionsFromFlags } from './run.js';

type RunFlags = Parameters<typeof runOptionsFromFlags>[1];

export interface GateFlags extends OutputFlags {
  against?: string;
  run?: string;
  baseline?: string;
  baselines?: string;
  threshold?: number;
  force?: boolean;
  budget?: number;
  maxTrials?: number;
}

/** Maps flags to GateOptions, runs the gate, prints; returns the exit code. */
export async function gateCommand(suite: string | undefined, flags: RunFlags & GateFlags, io: CommandIo = processIo, signal?: AbortSignal): Promise<number> {
  checkOutputs(flags, io);
  const { trials, ...run } = runOptionsFromFlags(suite, flags);
  const options: GateOptions = {
    ...(suite ? { suite } : {}),
    // Unset, the gate decides: DEFAULT_GATE_TRIALS, or the reference run's own count.
    ...(trials ? { trials } : {}),
    baselinesDir: flags.baselines ?? DEFAULT_BASELINES_DIR,
    ...(flags.baseline ? { baseline: flags.baseline } : {}),
    ...(flags.against ? { against: flags.against } : {}),
    ...(flags.run ? { runDir: flags.run } : {}),
    ...(flags.threshold !== undefined ? { thresholdPct: flags.threshold } : {}),
    force: flags.force ?? false,
    ...(flags.budget !== undefined ? { budgetS: flags.budget } : {}),
    ...(flags.maxTrials !== undefined ? { maxTrials: flags.maxTrials } : {}),
    // The gate never needs the per-layer pass: it would only cost time.
    run: { ...run, layers: false },
  };
  const result = await runGate(options, flags.json ? () => {} : createProgress(io), signal);
  for (const w of result.run.warnings) io.stderr(`dnnperf: warning: ${w}\n`);
  emitComparison(result.comparison, flags, io);
  io.stderr(`dnnperf: ${result.outcome.message}\n`);
  if (result.outcome.status === 'pass' && result.baselinePath) {
    io.stderr(`dnnperf: to make this run the new baseline: dnnperf baseline save ${result.run.dir}\n`);
  }
  return signal?.aborted ? 130 : result.outcome.exitCode;
}

export function registerGateCommand<A extends unknown[], O extends OptionValues, G extends OptionValues>(program: Command<A, O, G>): void {
  addOutputFlags(
    addRunFlags(program.command('gate').argument('[suite]', `suite name in suites/ or path to a suite .json (default: ${DEFAULT_SUITE})`), {
      protocol: { ...DEFAULT_PROTOCOL, ...GATE_PROTOCOL },
      trials: DEFAULT_GATE_TRIALS,
    }),
  )
    .description(
      `run the suite (gate defaults, not run's: --trials ${DEFAULT_GATE_TRIALS}, --warmup-time ${GATE_PROTOCOL.warmupMs! / 1000}, ` +
        `--min-time ${GATE_PROTOCOL.minTimeMs! / 1000}, --max-time ${GATE_PROTOCOL.maxTimeMs! / 1000}, no per-layer pass) and compare with this machine's baseline, ` +
        'or with a reference measured in the same job (--against); exit 0 pass, 1 regression, 2 error or environment suspect',
    )
    .option(
      '--against <run|alias=kind:opts>',
      'paired mode: a reference run folder, or a reference engine run beside the candidate, interleaved',
      nonEmpty('--against'),
    )
    .option('--run <dir>', 'judge this run (e.g. merged shards) against the baseline instead of measuring one', nonEmpty('--run'))
    .option('--baseline <file>', 'baseline file (default: <baselines>/<machine-key>/<suite>.json)', nonEmpty('--baseline'))
    .option('--baselines <dir>', `folder of baselines (default ${DEFAULT_BASELINES_DIR})`, nonEmpty('--baselines'))
    .option('--threshold <pct>', "regression threshold in percent for every configuration (default: the suite's, per model)", positiveNumber('--threshold'))
    .option('--force', 'compare with a baseline from another machine')
    .option(
      '--budget <s>',
      `seconds the gate may measure, first look included; undecided configurations get ${DEFAULT_SEQUENTIAL_DESIGN.stepTrials} more trials per look while it lasts (default ${DEFAULT_GATE_BUDGET_S})`,
      positiveNumber('--budget'),
    )
    .option(
      '--max-trials <n>',
      `most trials per configuration (default ${DEFAULT_SEQUENTIAL_DESIGN.maxTrials}; equal to --trials for a single look)`,
      positiveInt('--max-trials'),
    )
    .action(async (suite, flags) => {
      process.exitCode = await withInterrupt((signal) => gateCommand(suite, flags, processIo, signal));
    });
}
