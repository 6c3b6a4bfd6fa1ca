/** `dnnperf compare <base> <head>`: two runs (or a baseline file and a run) -> the comparison table and report files. */

import { existsSync, statSync } from 'node:fs';
import type { Command, OptionValues } from '@commander-js/extra-typings';
import { readBaseline, sideFromBaseline } from '../../compare/baseline.js';
import { compareSides } from '../../compare/compare.js';
import { renderJson } from '../../compare/export/json.js';
import { renderTerminal } from '../../compare/export/terminal.js';
import { gateOutcome } from '../../compare/gate-outcome.js';
import type { Side } from '../../compare/side.js';
import { sideFromRun, splitByEngine } from '../../compare/side.js';
import { DEFAULT_THRESHOLD_PCT, defaultThresholds, type ThresholdPolicy, thresholdsFromSuite } from '../../compare/thresholds.js';
import type { Comparison } from '../../compare/types.js';
import { checkComparisonOutputs, type OutputPaths, writeComparisonOutputs } from '../../compare/write-outputs.js';
import { DnnperfError } from '../../errors.js';
import { readRun } from '../../results/run-files.js';
import { loadSuite, suitePath } from '../../suites/load-suite.js';
import { type CommandIo, processIo } from '../io.js';
import { nonEmpty, positiveNumber } from '../parse.js';

/** Output flags shared by compare and gate. */
export interface OutputFlags {
  json?: boolean;
  markdown?: string;
  junit?: string;
  jsonFile?: string;
  stepSummary?: boolean;
}

export function addOutputFlags<Args extends unknown[], Opts extends OptionValues, G extends OptionValues>(cmd: Command<Args, Opts, G>) {
  return cmd
    .option('--json', 'print the comparison (and gate outcome) as JSON on stdout instead of the table')
    .option('--markdown <file>', 'write the comparison as markdown', nonEmpty('--markdown'))
    .option('--junit <file>', 'write JUnit XML, one testcase per configuration', nonEmpty('--junit'))
    .option('--json-file <file>', 'write the comparison as JSON', nonEmpty('--json-file'))
    .option('--no-step-summary', 'do not append the markdown to $GITHUB_STEP_SUMMARY');
}

function outputPaths(flags: OutputFlags, io: CommandIo): OutputPaths {
  const stepSummary = flags.stepSummary !== false ? io.env['GITHUB_STEP_SUMMARY'] : undefined;
  return { markdown: flags.markdown, junit: flags.junit, json: flags.jsonFile, stepSummary: stepSummary || undefined };
}

/** Before comparing or measuring: the report files can be written (one line and exit 2 otherwise). */
export function checkOutputs(flags: OutputFlags, io: CommandIo): void {
  checkComparisonOutputs(outputPaths(flags, io));
}

/** Prints the table (or JSON) and writes the requested files. */
export function emitComparison(c: Comparison, flags: OutputFlags, io: CommandIo): void {
  io.stdout(flags.json ? renderJson(c) : renderTerminal(c));
  const written = writeComparisonOutputs(c, outputPaths(flags, io));
  for (const path of written) io.stderr(`dnnperf: wrote ${path}\n`);
}

/** A run folder or a baseline .json file. */
function loadSide(path: string, io: CommandIo): Side {
  if (existsSync(path) && statSync(path).isFile()) return sideFromBaseline(readBaseline(path));
  const run = readRun(path);
  for (const w of run.warnings) io.stderr(`dnnperf: warning: ${w}\n`);
  return sideFromRun(run);
}

/** The head's suite thresholds when its suite file is here; otherwise the default, said on stderr. */
function thresholdsFor(suite: string | undefined, head: Side, threshold: number | undefined, io: CommandIo): ThresholdPolicy {
  if (threshold !== undefined) return defaultThresholds(threshold);
  const name = suite ?? head.suite;
  if (suite === undefined && !existsSync(suitePath(name))) {
    io.stderr(`dnnperf: suite '${name}' not found here: using the default ${defaultThresholds().defaultPct}% threshold (--suite or --threshold to choose)\n`);
    return defaultThresholds();
  }
  return thresholdsFromSuite(loadSuite(name));
}

export interface CompareFlags extends OutputFlags {
  paired?: boolean;
  reference?: string;
  head?: string;
  threshold?: number;
  suite?: string;
  force?: boolean;
  failOnRegression?: boolean;
}

/** The two sides: two paths, or one run split by engine (--reference). */
function sides(basePath: string, headPath: string | undefined, flags: CompareFlags, io: CommandIo): { base: Side; head: Side } {
  if (flags.head !== undefined && !flags.reference) {
    throw new DnnperfError('E_BAD_ARGUMENT', `--head ${flags.head} picks an engine inside one run: use it with --reference <alias>`);
  }
  if (headPath !== undefined) return { base: loadSide(basePath, io), head: loadSide(headPath, io) };
  if (!flags.reference) {
    throw new DnnperfError(
      'E_BAD_ARGUMENT',
      `compare ${basePath}: give a second run to compare with, or --reference <alias> to compare the engines inside this run`,
    );
  }
  const { reference, candidate } = splitByEngine(loadSide(basePath, io), flags.reference, flags.head);
  return { base: reference, head: candidate };
}

/** Returns the exit code: 0, or the gate's 0/1/2 with --fail-on-regression. */
export function compareCommand(basePath: string, headPath: string | undefined, flags: CompareFlags, io: CommandIo = processIo): number {
  checkOutputs(flags, io);
  const { base, head } = sides(basePath, headPath, flags, io);
  const paired = flags.paired || flags.reference !== undefined;
  const c = compareSides(base, head, {
    thresholds: thresholdsFor(flags.suite, head, flags.threshold, io),
    force: flags.force,
    ...(paired ? { match: 'ignore-engine' as const, driftGuard: false } : {}),
  });
  emitComparison(c, flags, io);
  if (!flags.failOnRegression) return 0;
  const outcome = gateOutcome(c);
  io.stderr(`dnnperf: ${outcome.message}\n`);
  return outcome.exitCode;
}

export function registerCompareCommand<A extends unknown[], O extends OptionValues, G extends OptionValues>(program: Command<A, O, G>): void {
  addOutputFlags(
    program
      .command('compare')
      .description('compare two runs (or a baseline .json and a run): ratio of medians with a 95% CI and a verdict per configuration')
      .argument('<base>', 'run folder or baseline .json')
      .argument('[head]', 'run folder or baseline .json (omit with --reference)'),
  )
    .option('--paired', 'match configurations ignoring the engine (two engines or versions of one stack); no drift guard')
    .option('--reference <alias>', 'compare the engines inside one run: this engine alias is the base, the others the head (paired)', nonEmpty('--reference'))
    .option('--head <alias>', 'with --reference: only this engine is the head (a run holding several engines besides the reference)', nonEmpty('--head'))
    .option(
      '--threshold <pct>',
      `regression threshold in percent for every configuration (default: the suite's, else ${DEFAULT_THRESHOLD_PCT})`,
      positiveNumber('--threshold'),
    )
    .option('--suite <name|path>', "suite whose thresholds apply (default: the head run's suite)", nonEmpty('--suite'))
    .option('--force', 'compare runs from different machines')
    .option('--fail-on-regression', 'exit like the gate: 1 on a regression, 2 when the environment is suspect')
    .action((base, head, flags) => {
      process.exitCode = compareCommand(base, head, flags);
    });
}
