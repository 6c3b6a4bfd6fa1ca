/** The result of comparing two runs (DESIGN section 5): what compare, gate and the reports share. */

export type Verdict = 'regression' | 'improvement' | 'unchanged' | 'inconclusive';

export interface ConfigComparison {
  /** The matching key (src/results/schema.ts ConfigSpec.key, possibly with the engine ignored). */
  key: string;
  model: string;
  spec: string;
  /** When base and head ran different engines or versions, the head's spec. */
  headSpec?: string;
  batch: number;
  shapes: Record<string, number[]>;
  baseMedianMs: number;
  headMedianMs: number;
  /** head / base median: above 1 is slower. */
  ratio: number;
  /** Bootstrap 95% CI of the ratio. */
  ratioCiLow: number;
  ratioCiHigh: number;
  /** Mann-Whitney U two-sided p-value, and after multiple-comparison adjustment. */
  pValue: number;
  pAdjusted: number;
  verdict: Verdict;
  thresholdPct: number;
  /** Per-trial medians (one per process) the test used, ms. */
  baseTrialMediansMs: number[];
  headTrialMediansMs: number[];
  notes: string[];
}

export interface EnvironmentDiff {
  field: string;
  base: string;
  head: string;
}

export interface Comparison {
  base: { runId: string; machineKey: string; label: string };
  head: { runId: string; machineKey: string; label: string };
  thresholdPct: number;
  /** The multiple-comparison control used, e.g. "Holm-Bonferroni over 10 configurations". */
  correction: string;
  configs: ConfigComparison[];
  /** Configurations measured on one side only: listed, never dropped. */
  onlyInBase: Array<{ key: string; label: string }>;
  onlyInHead: Array<{ key: string; label: string }>;
  /** Configurations that failed or were unavailable on either side. */
  notComparable: Array<{
    key: string;
    label: string;
    reason: string;
    /** Each side's status (a head failure where the base was ok fails the gate). */
    baseStatus?: 'ok' | 'failed' | 'unavailable';
    headStatus?: 'ok' | 'failed' | 'unavailable';
  }>;
  environmentDiffs: EnvironmentDiff[];
  /** Most configurations moved together: a machine or environment change, not N regressions. */
  environmentSuspect: boolean;
  environmentSuspectReason?: string;
  counts: Record<Verdict, number>;
}
