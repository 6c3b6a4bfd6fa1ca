/** `dnnperf env`: the machine fingerprint and the machine key that picks the baseline. */
import type { Command } from '@commander-js/extra-typings';
import { collectEnvironment } from '../../env/environment.js';
import { type CommandIo, processIo } from '../io.js';
import { listEngines } from './list.js';

export function registerEnvCommand(program: Command) {
  program
    .command('env')
    .description('print the environment fingerprint and machine key')
    .option('--json', 'print JSON')
    .action(async (flags) => {
      process.exitCode = await envCommand(flags);
    });
}

/** Prints the environment fingerprint and machine key (JSON with --json); returns the exit code. */
export async function envCommand(flags: { json?: boolean }, io: CommandIo = processIo): Promise<number> {
  const engines = Object.fromEntries((await listEngines()).filter((e) => e.version).map((e) => [e.engine, { version: e.version! }]));
  const env = await collectEnvironment(engines);
  if (flags.json) {
    io.stdout(`${JSON.stringify(env, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `machine key  ${env.machineKey}`,
    `cpu          ${env.cpu.model} (${env.cpu.cores} cores${env.cpu.governor ? `, governor ${env.cpu.governor}` : ''})`,
    `memory       ${(env.memoryBytes / 2 ** 30).toFixed(1)} GiB`,
    `os           ${env.os.platform} ${env.os.release} ${env.os.arch}`,
    `node         ${env.node}`,
    `dnnperf      ${env.toolVersion}${env.gitSha ? ` (${env.gitSha.slice(0, 12)})` : ''}`,
    ...Object.entries(env.engines).map(([k, v]) => `engine       ${k} ${v.version}`),
    ...(env.gpus.length
      ? env.gpus.map((g) => `gpu ${g.index}        ${g.name}, driver ${g.driver ?? '?'}`)
      : [`gpu          none (${String(env.extra['gpuProbe'] ?? 'not found')})`]),
  ];
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}
