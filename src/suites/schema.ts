/** A suite file in `suites/<name>.json`: which models, backends, batches and shapes to measure. */
import { z } from 'zod';

/** results/schema.ts CONCURRENCY_MODES (suites/ sits below results/ and names them itself; a test keeps the two equal). */
export const SUITE_CONCURRENCY_MODES = ['sessions', 'shared'] as const;

const optionValue = z.union([z.string(), z.number(), z.boolean()]);

/** `null` in a shape is the batch dimension, filled from `batches`. */
const shapesSchema = z.record(z.string(), z.array(z.number().int().positive().nullable()));

const modelCommon = {
  shapes: shapesSchema.optional(),
  batches: z.array(z.number().int().positive()).optional(),
  /** Requests in flight, one closed loop per value (1: the sequential protocol). */
  concurrency: z.array(z.number().int().positive()).min(1).optional(),
  /** Per-model regression threshold for the gate, percent. */
  thresholdPct: z.number().positive().optional(),
  options: z.record(z.string(), optionValue).optional(),
  /** Values per input name, as `--input` takes them: `16000`, `int:0..30521`, `@ids.npy` (paths from the current folder). */
  inputs: z.record(z.string(), z.string()).optional(),
  /** An ONNX test data set folder (or a folder of `test_data_set_*`) to take the inputs and reference outputs from. */
  inputsFrom: z.string().optional(),
};

export const suiteModelSchema = z.union([
  z.object({ builtin: z.string(), ...modelCommon }).strict(),
  z.object({ zoo: z.string(), ...modelCommon }).strict(),
  z.object({ path: z.string(), ...modelCommon }).strict(),
]);
export type SuiteModel = z.infer<typeof suiteModelSchema>;

export const suiteSchema = z
  .object({
    name: z.string(),
    description: z.string().optional(),
    backends: z.array(z.string()).min(1),
    batches: z.array(z.number().int().positive()).min(1),
    models: z.array(suiteModelSchema).min(1),
    /** Requests in flight, one closed loop per value, for every model (a model's own list wins). */
    concurrency: z.array(z.number().int().positive()).min(1).optional(),
    /** How requests are in flight when concurrency > 1 (default ["sessions"]). */
    concurrencyModes: z.array(z.enum(SUITE_CONCURRENCY_MODES)).min(1).optional(),
    /** Suite-wide regression threshold for the gate, percent (default 5). */
    thresholdPct: z.number().positive().optional(),
    options: z.record(z.string(), optionValue).optional(),
  })
  .strict();
export type Suite = z.infer<typeof suiteSchema>;
