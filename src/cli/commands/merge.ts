/** `dnnperf merge <runs...> --out <dir>`: join shard runs (`run --shard i/n`) into one run. */
import type { Command, OptionValues } from '@commander-js/extra-typings';
import { mergeRuns } from '../../run/merge.js';
import { type CommandIo, processIo } from '../io.js';
import { nonEmpty } from '../parse.js';

export interface MergeFlags {
  out: string;
  runId?: string;
}

export function mergeCommand(runs: string[], flags: MergeFlags, io: CommandIo = processIo): number {
  const merged = mergeRuns(runs, { outDir: flags.out, ...(flags.runId ? { runId: flags.runId } : {}) });
  for (const w of merged.warnings) io.stderr(`dnnperf: warning: ${w}\n`);
  io.stdout(`${merged.dir}\n`);
  io.stderr(`dnnperf: merged ${runs.length} shards, ${merged.results.length} results, into ${merged.dir}\n`);
  return 0;
}

export function registerMergeCommand<A extends unknown[], O extends OptionValues, G extends OptionValues>(program: Command<A, O, G>): void {
  program
    .command('merge')
    .description('join the shard runs of one suite (run --shard i/n, every i once) into one run')
    .argument('<runs...>', 'shard run folders')
    .requiredOption('-o, --out <dir>', 'folder for the merged run (must not hold a run)', nonEmpty('--out'))
    .option('--run-id <id>', 'merged run id, a plain name (default: the folder name)', nonEmpty('--run-id'))
    .action((runs, flags) => {
      process.exitCode = mergeCommand(runs, flags);
    });
}
