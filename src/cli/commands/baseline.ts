/** `dnnperf baseline save <run>`: promote a run to `baselines/<machine-key>/<suite>.json`. */
import type { Command, OptionValues } from '@commander-js/extra-typings';
import { baselineFromRun, writeBaseline } from '../../compare/baseline.js';
import { checkOutputFolder } from '../../fs/output-path.js';
import { DEFAULT_BASELINES_DIR } from '../../gate/gate.js';
import { readRun } from '../../results/run-files.js';
import { type CommandIo, processIo } from '../io.js';
import { nonEmpty } from '../parse.js';

export interface BaselineSaveFlags {
  suite?: string;
  baselines?: string;
  force?: boolean;
}

/** Returns the exit code (errors are thrown as DnnperfError: exit 2 at the top). */
export function baselineSaveCommand(runDir: string, flags: BaselineSaveFlags, io: CommandIo = processIo): number {
  const baselines = flags.baselines ?? DEFAULT_BASELINES_DIR;
  checkOutputFolder(baselines, flags.baselines === undefined ? 'baselines folder' : '--baselines');
  const { baseline, warnings } = baselineFromRun(readRun(runDir), {
    ...(flags.suite !== undefined ? { suite: flags.suite } : {}),
    force: flags.force ?? false,
  });
  for (const w of warnings) io.stderr(`dnnperf: warning: ${w}\n`);
  const path = writeBaseline(baselines, baseline);
  io.stdout(`${path}\n`);
  io.stderr(
    `dnnperf: saved ${baseline.configurations.length} configurations of run ${baseline.runId} as the ${baseline.suite} baseline of machine ${baseline.machineKey}; commit ${path}\n`,
  );
  return 0;
}

export function registerBaselineCommand<A extends unknown[], O extends OptionValues, G extends OptionValues>(program: Command<A, O, G>): void {
  const baseline = program.command('baseline').description('manage the stored baselines the gate compares with');
  baseline
    .command('save')
    .description('promote a complete run (made with --trials 6) to baselines/<machine-key>/<suite>.json')
    .argument('<run>', 'run folder, e.g. reports/<run-id>')
    .option('--suite <name>', "save under this suite name (default: the run's suite)", nonEmpty('--suite'))
    .option('--baselines <dir>', `folder of baselines (default ${DEFAULT_BASELINES_DIR})`, nonEmpty('--baselines'))
    .option('--force', 'save a run with planned measurements missing (an interrupted run); they are stored as failed')
    .action((run, flags) => {
      process.exitCode = baselineSaveCommand(run, flags);
    });
}
