/** `dnnperf report <runs...>`: render charts, report.html and summary.md for one or more run folders. */
import type { Command } from '@commander-js/extra-typings';
import { readComparison } from '../../compare/read-comparison.js';
import { renderReport } from '../../report/index.js';
import { type CommandIo, processIo } from '../io.js';

export function registerReportCommand(program: Command) {
  program
    .command('report')
    .description('render charts (SVG, PNG), an offline report.html and summary.md for run folders')
    .argument('<runs...>', 'run folders (reports/<run-id>); several share one report')
    .option('-o, --out <dir>', 'output folder (default: the run folder; for several runs, combined-<ids> beside the first)')
    .option('--comparison <file>', 'add the comparison chart from `dnnperf compare|gate --json-file <file>`')
    .action(async (runs, flags) => {
      process.exitCode = await reportCommand(runs, flags);
    });
}

/** Renders the report of the runs and prints the paths of report.html and summary.md; returns the exit code. */
export async function reportCommand(runs: string[], flags: { out?: string; comparison?: string }, io: CommandIo = processIo): Promise<number> {
  const comparison = flags.comparison ? readComparison(flags.comparison) : undefined;
  const report = await renderReport(runs, { ...(flags.out ? { outDir: flags.out } : {}), ...(comparison ? { comparison } : {}) });
  for (const s of report.skipped) io.stderr(`dnnperf: chart skipped: ${s}\n`);
  io.stdout(`${report.htmlPath}\n${report.summaryPath}\n`);
  return 0;
}
