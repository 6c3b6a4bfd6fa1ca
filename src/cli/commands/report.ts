/** `dnnperf report <runs...>`: render charts, report.html and summary.md for one or more run folders. */
import { Command } from '@commander-js/extra-typings';
import { readComparison } from '../../compare/read-comparison.js';
import { renderReport } from '../../report/index.js';

export function registerReportCommand(program: Command) {
  program
    .command('report')
    .description('render charts (SVG, PNG), an offline report.html and summary.md for run folders')
    .argument('<runs...>', 'run folders (reports/<run-id>); several share one report')
    .option('-o, --out <dir>', 'output folder (default: the run folder; for several runs, combined-<ids> beside the first)')
    .option('--comparison <file>', 'add the comparison chart from `dnnperf compare|gate --json-file <file>`')
    .action(async (runs, flags) => {
      const comparison = flags.comparison ? readComparison(flags.comparison) : undefined;
      const report = await renderReport(runs, { ...(flags.out ? { outDir: flags.out } : {}), ...(comparison ? { comparison } : {}) });
      for (const s of report.skipped) process.stderr.write(`dnnperf: chart skipped: ${s}\n`);
      process.stdout.write(`${report.htmlPath}\n${report.summaryPath}\n`);
    });
}
