/** `dnnperf env`: the machine fingerprint and the machine key that picks the baseline. */
import { Command } from '@commander-js/extra-typings';
import { collectEnvironment } from '../../env/environment.js';
import { listEngines } from './list.js';

export function registerEnvCommand(program: Command) {
  program
    .command('env')
    .description('print the environment fingerprint and machine key')
    .option('--json', 'print JSON')
    .action(async (flags) => {
      const engines = Object.fromEntries((await listEngines()).filter((e) => e.version).map((e) => [e.engine, { version: e.version! }]));
      const env = await collectEnvironment(engines);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(env, null, 2)}\n`);
        return;
      }
      const lines = [
        `machine key  ${env.machineKey}`,
        `cpu          ${env.cpu.model} (${env.cpu.cores} cores${env.cpu.governor ? `, governor ${env.cpu.governor}` : ''})`,
        `memory       ${(env.memoryBytes / 2 ** 30).toFixed(1)} GiB`,
        `os           ${env.os.platform} ${env.os.release} ${env.os.arch}`,
        `node         ${env.node}`,
        `dnnperf      ${env.toolVersion}${env.gitSha ? ` (${env.gitSha.slice(0, 12)})` : ''}`,
        ...Object.entries(env.engines).map(([k, v]) => `engine       ${k} ${v.version}`),
        ...(env.gpus.length ? env.gpus.map((g) => `gpu ${g.index}        ${g.name}, driver ${g.driver ?? '?'}`) : [`gpu          none (${String(env.extra['gpuProbe'] ?? 'not found')})`]),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
