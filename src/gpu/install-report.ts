/** Plain lines saying what the CUDA provider install will do, and what it did and did not. */
import type { InstallReport } from './install-cuda-ep.js';
import type { InstallPlan, InstallStep } from './install-plan.js';

export function describeStep(step: InstallStep, ortVersion: string): string {
  if (step.kind === 'ort-installer') {
    const env = Object.entries(step.env)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    return `onnxruntime-node's own installer: ${env} ${step.command.join(' ')} (CUDA ${step.cudaMajor ?? '?'} build from its NuGet feed)`;
  }
  return `npm pack ${step.spec} (CUDA ${step.cudaMajor}, cuDNN ${step.cudnnMajor}), check its CUDA provider carries "${ortVersion}", copy the provider libraries beside the binding`;
}

export function formatInstallPlan(plan: InstallPlan): string[] {
  const lines = [`CUDA provider for onnxruntime-node ${plan.ortVersion}`, ...plan.targets.map((t) => `  target: ${t}`)];
  if (plan.state !== 'ready') lines.push(`  nothing to do: ${plan.reason}`);
  plan.steps.forEach((s, i) => lines.push(`  ${i + 1}. ${describeStep(s, plan.ortVersion)}`));
  for (const note of plan.notes) lines.push(`  note: ${note}`);
  return lines;
}

export function formatInstallReport(report: InstallReport): string[] {
  const lines = formatInstallPlan(report.plan).filter((l) => !/^ {2}\d+\. /.test(l));
  report.outcomes.forEach((o, i) =>
    lines.push(`  ${i + 1}. ${o.step.kind === 'ort-installer' ? "onnxruntime-node's installer" : `npm ${o.step.spec}`}: ${o.status}: ${o.detail}`),
  );
  if (report.ok) lines.push(...report.installed.map((p) => `installed ${p}`));
  else if (report.plan.state === 'ready') lines.push('CUDA provider NOT installed: every route failed (reasons above)');
  return lines;
}
