/** `dnnperf install-cuda [--dry-run] [--source auto|ort|npm] [--force]`: puts onnxruntime's CUDA provider beside the binding. */
import { type Command, Option } from '@commander-js/extra-typings';
import { DnnperfError } from '../../errors.js';
import { defaultRunners, installCudaEp } from '../../gpu/install-cuda-ep.js';
import { gatherInstallFacts, INSTALL_SOURCES, type InstallSource, planCudaEpInstall } from '../../gpu/install-plan.js';
import { describeStep, formatInstallPlan, formatInstallReport } from '../../gpu/install-report.js';
import { type CommandIo, processIo } from '../io.js';

export function registerInstallCudaCommand(program: Command) {
  program
    .command('install-cuda')
    .description("install onnxruntime-node's CUDA execution provider: its own installer, else the npm-hosted build (version-checked)")
    .option('--dry-run', 'print the plan and change nothing')
    .addOption(
      new Option('--source <route>', 'auto: own installer then npm build; ort or npm: that route only').choices(INSTALL_SOURCES).default('auto' as const),
    )
    .option('--force', 'reinstall when the provider is already there')
    .action(async (flags) => {
      process.exitCode = await installCudaCommand(flags);
    });
}

/** Plans the install and carries it out (or prints the plan with --dry-run); returns the exit code. */
export async function installCudaCommand(flags: { dryRun?: boolean; source: InstallSource; force?: boolean }, io: CommandIo = processIo): Promise<number> {
  const plan = planCudaEpInstall(await gatherInstallFacts(), { source: flags.source, force: flags.force === true });
  if (flags.dryRun || plan.state !== 'ready') {
    io.stdout(`${formatInstallPlan(plan).join('\n')}\n`);
    if (plan.state === 'impossible') throw new DnnperfError('E_BACKEND', `cannot install the CUDA provider: ${plan.reason}`);
    return 0;
  }
  const report = await installCudaEp(plan, defaultRunners, (step, i) =>
    io.stderr(`trying ${i + 1}/${plan.steps.length}: ${describeStep(step, plan.ortVersion)}\n`),
  );
  io.stdout(`${formatInstallReport(report).join('\n')}\n`);
  if (!report.ok) throw new DnnperfError('E_BACKEND', 'the CUDA provider was not installed: every route failed (see above)');
  return 0;
}
