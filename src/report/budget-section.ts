/** The latency-budget answer of each run that searched with one: the best configuration per model and backend, and each step. */
import type { Table } from './charts/chart.js';
import type { ReportData } from './report-data.js';

export interface BudgetSection {
  heading: string;
  /** The rule, in a sentence. */
  text: string;
  table: Table;
}

export function budgetSection(data: ReportData): BudgetSection[] {
  return data.runs.flatMap((run) => {
    const b = run.manifest.latencyBudget;
    if (!b) return [];
    const rows = b.best.map((x) =>
      x.found
        ? [x.model, x.spec, x.batch!, x.concurrency!, x.mode ?? null, x.samplesPerS!, x.inferencesPerS!, x.p99Ms!, null]
        : [x.model, x.spec, null, null, null, null, null, null, x.reason ?? null],
    );
    const steps = b.steps.map((s) => [
      s.model,
      s.spec,
      s.batch,
      s.concurrency,
      s.mode ?? null,
      s.status,
      s.samplesPerS ?? null,
      s.p99Ms ?? null,
      s.withinBudget ?? null,
      s.reason ?? null,
    ]);
    return [
      {
        heading: `Best configuration within p99 <= ${b.budgetMs} ms (${run.manifest.runId})`,
        text: `Rule: ${b.rule}.`,
        table: { columns: ['model', 'backend/target', 'batch', 'concurrency', 'mode', 'samples/s', 'inferences/s', 'p99 (ms)', 'none because'], rows },
      },
      {
        heading: `Latency-budget search, step by step (${run.manifest.runId})`,
        text: 'Each configuration the search measured or passed over, in order, and why it stopped where it did.',
        table: {
          columns: ['model', 'backend/target', 'batch', 'concurrency', 'mode', 'status', 'samples/s', 'p99 (ms)', 'within budget', 'reason'],
          rows: steps,
        },
      },
    ];
  });
}
