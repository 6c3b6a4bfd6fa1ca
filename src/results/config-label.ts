/**
 * The one human name of a configuration, used by the CLI, comparisons, baselines and the
 * report alike: `resnet-mini ort:cuda/fp16 batch 8`, with ` vs <spec>` for a pair of two
 * engines and ` trial 2` where trials are told apart.
 */
export interface LabelParts {
  /** ModelRef.name. */
  model: string;
  /** `engine:backend[/target]`, or a series that extends it (e.g. with the run id). */
  spec: string;
  batch: number;
  /** The head's spec when a paired comparison matched two engines; shown when it differs from spec. */
  headSpec?: string;
  /** 0-based trial; named 1-based when given. Default: not named. */
  trial?: number;
}

export function configLabel(p: LabelParts): string {
  const pair = p.headSpec !== undefined && p.headSpec !== p.spec ? ` vs ${p.headSpec}` : '';
  const trial = p.trial !== undefined ? ` trial ${p.trial + 1}` : '';
  return `${p.model} ${p.spec}${pair} batch ${p.batch}${trial}`;
}

/** The label parts of a planned configuration (ConfigSpec). */
export const labelParts = (c: { model: { name: string }; spec: string; batch: number }): LabelParts => ({ model: c.model.name, spec: c.spec, batch: c.batch });
