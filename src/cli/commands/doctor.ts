/** `dnnperf doctor`: what on this machine makes timings noisy, each finding with its fix (pyperf's `system show`). */
import type { Command, OptionValues } from '@commander-js/extra-typings';
import { DOCTOR_INTERVAL_MS, type DoctorOptions, doctor, type Finding } from '../../env/doctor.js';
import { type CommandIo, processIo } from '../io.js';
import { positiveNumber } from '../parse.js';

export function renderFindings(findings: readonly Finding[]): string {
  const width = Math.max(...findings.map((f) => f.check.length));
  const lines = findings.flatMap((f) => [
    `${f.status.padEnd(4)}  ${f.check.padEnd(width)}  ${f.value}`,
    ...(f.fix ? [`${' '.repeat(6 + width)}  fix: ${f.fix}`] : []),
  ]);
  const warns = findings.filter((f) => f.status === 'warn').length;
  lines.push(
    '',
    warns === 0
      ? 'dnnperf doctor: nothing found that would disturb a measurement'
      : `dnnperf doctor: ${warns} finding${warns === 1 ? '' : 's'} that can disturb measurements (fixes above)`,
  );
  return `${lines.join('\n')}\n`;
}

export interface DoctorFlags {
  json?: boolean;
  interval?: number;
}

/** Prints the findings; always exit 0 (advice, not a check), like pyperf system show. */
export async function doctorCommand(flags: DoctorFlags, io: CommandIo = processIo, options: DoctorOptions = {}): Promise<number> {
  const findings = await doctor({ ...options, ...(flags.interval !== undefined ? { intervalMs: flags.interval * 1000 } : {}) });
  io.stdout(flags.json ? `${JSON.stringify(findings, null, 2)}\n` : renderFindings(findings));
  return 0;
}

export function registerDoctorCommand<A extends unknown[], O extends OptionValues, G extends OptionValues>(program: Command<A, O, G>): void {
  program
    .command('doctor')
    .description(
      'show what on this machine makes timings noisy (governor, turbo, ASLR, SMT, isolated CPUs, load, busy processes, GPU persistence and clocks), each with its fix',
    )
    .option('--json', 'print the findings as JSON')
    .option('--interval <s>', `seconds to watch for busy processes (default ${DOCTOR_INTERVAL_MS / 1000})`, positiveNumber('--interval'))
    .action(async (flags) => {
      process.exitCode = await doctorCommand(flags);
    });
}
