/**
 * The executable's whole flow: build the command tree, run it, and turn a DnnperfError into
 * one line and exit code 2 (the single top-level catch). Commands set process.exitCode.
 */
import { Command, CommanderError } from '@commander-js/extra-typings';
import { isDnnperfError } from '../errors.js';
import { toolVersion } from '../package-root.js';
import { processIo } from './io.js';
import { registerBaselineCommand } from './commands/baseline.js';
import { registerCompareCommand } from './commands/compare.js';
import { registerDoctorCommand } from './commands/doctor.js';
import { registerEnvCommand } from './commands/env.js';
import { registerFetchCommand } from './commands/fetch.js';
import { registerInstallCudaCommand } from './commands/install-cuda.js';
import { registerGateCommand } from './commands/gate.js';
import { registerListCommand } from './commands/list.js';
import { registerMergeCommand } from './commands/merge.js';
import { registerReportCommand } from './commands/report.js';
import { registerRunCommand } from './commands/run.js';

export function buildProgram(): Command {
  const program = new Command('dnnperf')
    .description('benchmark and performance-regression harness for deep-learning inference')
    .version(toolVersion())
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });
  registerRunCommand(program);
  registerCompareCommand(program);
  registerGateCommand(program);
  registerBaselineCommand(program);
  registerReportCommand(program);
  registerFetchCommand(program);
  registerMergeCommand(program);
  registerListCommand(program);
  registerEnvCommand(program);
  registerDoctorCommand(program);
  registerInstallCudaCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; usage errors (already printed by commander) exit 2.
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    if (isDnnperfError(e)) {
      processIo.stderr(`dnnperf: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
}

await main(process.argv);
