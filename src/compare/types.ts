/**
 * The result of comparing two runs: what compare, gate and the reports share. Written as a
 * zod schema so a comparison file (`compare|gate --json-file`) is validated when read back.
 */
import { z } from 'zod';
import { concurrencyModeSchema } from '../results/schema.js';

export const verdictSchema = z.enum(['regression', 'improvement', 'unchanged', 'inconclusive']);
export type Verdict = z.infer<typeof verdictSchema>;

/**
 * What a row judges for a configuration with several requests in flight: its throughput
 * (inferences/s, higher is better) or its p99 latency. Rows without one judge the median latency.
 */
export const comparedMetricSchema = z.enum(['throughput', 'p99']);
export type ComparedMetric = z.infer<typeof comparedMetricSchema>;

export const configComparisonSchema = z.object({
  /** The matching key (ConfigSpec.key in src/results/schema.ts, possibly with the engine ignored). */
  key: z.string(),
  model: z.string(),
  spec: z.string(),
  /** When base and head ran different engines or versions, the head's spec. */
  headSpec: z.string().optional(),
  batch: z.number().int(),
  /** Requests in flight, and how, for configurations of a concurrency sweep. */
  concurrency: z.number().int().optional(),
  concurrencyMode: concurrencyModeSchema.optional(),
  /** Absent: the median latency is judged. */
  metric: comparedMetricSchema.optional(),
  /** The judged metric's median on each side (inferences/s for throughput, ms for p99); absent for the median latency. */
  baseValue: z.number().optional(),
  headValue: z.number().optional(),
  shapes: z.record(z.string(), z.array(z.number())),
  baseMedianMs: z.number(),
  headMedianMs: z.number(),
  /** head / base median: above 1 is slower. For throughput, base / head: above 1 is less throughput (worse, like slower). */
  ratio: z.number(),
  /** Bootstrap 95% CI of the ratio. */
  ratioCiLow: z.number(),
  ratioCiHigh: z.number(),
  /** Mann-Whitney U two-sided p-value, and after multiple-comparison adjustment. */
  pValue: z.number(),
  pAdjusted: z.number(),
  verdict: verdictSchema,
  thresholdPct: z.number(),
  /** Per-trial values (one per process) the test used: medians in ms, or the metric's values. */
  baseTrialMediansMs: z.array(z.number()),
  headTrialMediansMs: z.array(z.number()),
  /** The raw two-sided p a regression needed here (the adjustment's boundary for this configuration). */
  pBoundary: z.number().optional(),
  /**
   * Minimum detectable effect: the smallest slowdown, percent, this comparison would flag as a
   * regression with 95% power at the spread of per-process medians measured (src/stats/detectable-effect.ts).
   */
  mdePct: z.number().optional(),
  /** Why there is no MDE (too few trials to ever reach significance, raw-sample fallback). */
  mdeNote: z.string().optional(),
  /** Set when base or head trials were measured on a disturbed machine: what disturbed them (the comparison is then environment suspect). */
  disturbance: z.string().optional(),
  notes: z.array(z.string()),
});
export type ConfigComparison = z.infer<typeof configComparisonSchema>;

export const environmentDiffSchema = z.object({ field: z.string(), base: z.string(), head: z.string() });
export type EnvironmentDiff = z.infer<typeof environmentDiffSchema>;

export const incompleteEntrySchema = z.object({
  side: z.enum(['base', 'head']),
  /** The matching key; '' for the whole side (a cut-off last line). */
  key: z.string(),
  label: z.string(),
  reason: z.string(),
  /** Trials with a finished result, and trials planned. */
  measuredTrials: z.number().int(),
  plannedTrials: z.number().int(),
});
export type IncompleteEntry = z.infer<typeof incompleteEntrySchema>;

const sideSchema = z.object({ runId: z.string(), machineKey: z.string(), label: z.string() });
const statusSchema = z.enum(['ok', 'failed', 'unavailable']);

export const comparisonSchema = z.object({
  base: sideSchema,
  head: sideSchema,
  thresholdPct: z.number(),
  /** The multiple-comparison control used, e.g. "Holm-Bonferroni over 10 configurations". */
  correction: z.string(),
  configs: z.array(configComparisonSchema),
  /** Configurations measured on one side only: listed, never dropped. */
  onlyInBase: z.array(z.object({ key: z.string(), label: z.string() })),
  onlyInHead: z.array(z.object({ key: z.string(), label: z.string() })),
  /** Configurations that failed or were unavailable on either side. */
  notComparable: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      reason: z.string(),
      /** Each side's status (a head failure where the base was ok fails the gate). */
      baseStatus: statusSchema.optional(),
      headStatus: statusSchema.optional(),
    }),
  ),
  /**
   * Configurations with planned trials that have no finished result on a side (an interrupted
   * or cut-off run), and a side whose last result line was cut off (key ''): listed, and a
   * gate never passes with any. Files written before this list existed read as none.
   */
  incomplete: z.array(incompleteEntrySchema).default([]),
  environmentDiffs: z.array(environmentDiffSchema),
  /** Most configurations moved together: a machine or environment change, not N regressions. */
  environmentSuspect: z.boolean(),
  environmentSuspectReason: z.string().optional(),
  counts: z.record(verdictSchema, z.number().int()),
  /** How the gate measured (sequential looks); absent for a single comparison. */
  sequential: z
    .object({
      looks: z.number().int(),
      /** decided: nothing undecided left; max-trials / budget: undecided ones remain; interrupted: Ctrl-C. */
      stoppedBy: z.enum(['decided', 'max-trials', 'budget', 'interrupted']),
      spentS: z.number(),
      budgetS: z.number(),
      firstTrials: z.number().int(),
      stepTrials: z.number().int(),
      maxTrials: z.number().int(),
    })
    .optional(),
});
export type Comparison = z.infer<typeof comparisonSchema>;
