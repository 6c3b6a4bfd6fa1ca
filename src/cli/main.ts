/**
 * The executable's whole flow: build the command tree, run it, and turn anything thrown into
 * one line and exit code 2 (the single top-level handler): a DnnperfError is the user's to
 * fix and says how; anything else is a bug and says so, with the command to report. Commands
 * set process.exitCode. The process-level wiring lives in bin.ts.
 */
import { Command, CommanderError } from '@commander-js/extra-typings';
import { isDnnperfError } from '../errors.js';
import { toolVersion } from '../package-root.js';
import { registerBaselineCommand } from './commands/baseline.js';
import { registerCompareCommand } from './commands/compare.js';
import { registerDoctorCommand } from './commands/doctor.js';
import { registerEnvCommand } from './commands/env.js';
import { registerFetchCommand } from './commands/fetch.js';
import { registerGateCommand } from './commands/gate.js';
import { registerInstallCudaCommand } from './commands/install-cuda.js';
import { registerListCommand } from './commands/list.js';
import { registerMergeCommand } from './commands/merge.js';
import { registerReportCommand } from './commands/report.js';
import { registerRunCommand } from './commands/run.js';
import { processIo } from './io.js';

/** Set to print the stack of an unexpected error (a bug) after its one line. */
export const DEBUG_ENV = 'DNNPERF_DEBUG';

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

/** The command line as a user would paste it back: arguments quoted for a POSIX shell where needed. */
export function commandLine(args: readonly string[]): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return ['dnnperf', ...args.map(quote)].join(' ');
}

const firstLine = (text: string) =>
  text
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim() ?? '';

/**
 * One line for anything thrown, and the exit code. `args` are the user's arguments (without
 * node and the script), named in the bug line so the report can be reproduced.
 */
export function describeFailure(e: unknown, args: readonly string[], env: NodeJS.ProcessEnv = process.env): { line: string; exitCode: number; stack?: string } {
  if (e instanceof CommanderError) return { line: '', exitCode: e.exitCode === 0 ? 0 : 2 };
  if (isDnnperfError(e)) return { line: `dnnperf: ${firstLine(e.message)}`, exitCode: 2 };
  const errno = e as NodeJS.ErrnoException;
  // The file system refused something after the checks passed (disk full, a path removed meanwhile).
  if (errno?.code && errno.syscall && errno.path) {
    return { line: `dnnperf: ${firstLine(errno.message)}: check the path, its permissions and the free space, then run again`, exitCode: 2 };
  }
  const message = e instanceof Error ? `${e.name}: ${firstLine(e.message)}` : firstLine(String(e));
  const stack = env[DEBUG_ENV] && e instanceof Error && e.stack ? e.stack : undefined;
  return {
    line: `dnnperf: internal error (${message}): this is a bug: please report it with the command \`${commandLine(args)}\`${stack ? '' : ` (set ${DEBUG_ENV}=1 for the stack trace)`}`,
    exitCode: 2,
    ...(stack ? { stack } : {}),
  };
}

/** Runs one command line (`argv` as process.argv: node, script, args...) and returns its exit code. */
export async function main(argv: string[], stderr: (text: string) => void = processIo.stderr): Promise<number> {
  process.exitCode = undefined;
  try {
    await buildProgram().parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (e) {
    // Help and version exit 0; commander has already printed usage errors.
    const failure = describeFailure(e, argv.slice(2));
    if (failure.line) stderr(`${failure.line}\n`);
    if (failure.stack) stderr(`${failure.stack}\n`);
    return failure.exitCode;
  }
}
