/** The latency-budget answer for the terminal: the best configuration per model and backend, and the best per model. */
import type { LatencyBudgetOutcome } from '../results/schema.js';
import { formatMs } from './format.js';

type Best = LatencyBudgetOutcome['best'][number];

function where(b: Best): string {
  return `batch ${b.batch} x concurrency ${b.concurrency}${b.mode && b.mode !== 'sequential' ? ` (${b.mode})` : ''}`;
}

export function budgetLines(o: LatencyBudgetOutcome): string[] {
  const lines = [`latency budget p99 <= ${formatMs(o.budgetMs)}:`];
  for (const b of o.best) {
    lines.push(
      b.found
        ? `  ${b.model} ${b.spec}: ${where(b)}: ${b.samplesPerS!.toPrecision(4)} samples/s (${b.inferencesPerS!.toPrecision(4)} inferences/s), p99 ${formatMs(b.p99Ms!)}`
        : `  ${b.model} ${b.spec}: none: ${b.reason}`,
    );
  }
  const models = [...new Set(o.best.map((b) => b.model))];
  for (const m of models) {
    const top = o.best.filter((b) => b.model === m && b.found).sort((a, b) => b.samplesPerS! - a.samplesPerS!)[0];
    if (top && o.best.filter((b) => b.model === m).length > 1)
      lines.push(`best for ${m}: ${top.spec} ${where(top)}, ${top.samplesPerS!.toPrecision(4)} samples/s at p99 ${formatMs(top.p99Ms!)}`);
  }
  const skipped = o.steps.filter((s) => s.status === 'skipped').length;
  if (skipped > 0) lines.push(`  (${skipped} configuration(s) not measured: the search stopped before them; the run's summary lists why)`);
  return lines;
}
