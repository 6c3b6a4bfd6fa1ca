/**
 * The one human name of a configuration, used by the CLI, comparisons, baselines and the
 * report alike: `resnet-mini ort:cuda/fp16 batch 8`, with ` vs <spec>` for a pair of two
 * engines, ` concurrency 4 (sessions)` in a concurrency sweep, ` trial 2` where trials are
 * told apart, and `: throughput` for the row of a comparison that judges one figure.
 */
import type { ConcurrencyMode } from './schema.js';

export interface LabelParts {
  /** ModelRef.name. */
  model: string;
  /** `engine:backend[/target]`, or a series that extends it (e.g. with the run id). */
  spec: string;
  batch: number;
  /** The head's spec when a paired comparison matched two engines; shown when it differs from spec. */
  headSpec?: string;
  /** Requests in flight, in a concurrency sweep. Default: not named (no concurrency axis). */
  concurrency?: number;
  /** How, above 1: `sessions` or `shared`. */
  concurrencyMode?: ConcurrencyMode;
  /** 0-based trial; named 1-based when given. Default: not named. */
  trial?: number;
  /** The figure a comparison row judges, when not the median latency. */
  metric?: 'throughput' | 'p99';
}

const METRIC_NAME = { throughput: 'throughput', p99: 'p99 latency' } as const;

export function configLabel(p: LabelParts): string {
  const pair = p.headSpec !== undefined && p.headSpec !== p.spec ? ` vs ${p.headSpec}` : '';
  const load = p.concurrency !== undefined ? ` concurrency ${p.concurrency}${p.concurrencyMode ? ` (${p.concurrencyMode})` : ''}` : '';
  const trial = p.trial !== undefined ? ` trial ${p.trial + 1}` : '';
  const metric = p.metric ? `: ${METRIC_NAME[p.metric]}` : '';
  return `${p.model} ${p.spec}${pair} batch ${p.batch}${load}${trial}${metric}`;
}

/** The label parts of a planned configuration (ConfigSpec). */
export const labelParts = (c: {
  model: { name: string };
  spec: string;
  batch: number;
  concurrency?: number | undefined;
  concurrencyMode?: ConcurrencyMode | undefined;
}): LabelParts => ({
  model: c.model.name,
  spec: c.spec,
  batch: c.batch,
  ...(c.concurrency !== undefined ? { concurrency: c.concurrency } : {}),
  ...(c.concurrencyMode ? { concurrencyMode: c.concurrencyMode } : {}),
});
