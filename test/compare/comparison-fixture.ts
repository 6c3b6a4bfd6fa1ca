/** A fixed Comparison with every kind of entry, for the exporters' exact tests. */
import type { Comparison, ConfigComparison } from '../../src/compare/types.js';

const row = (model: string, batch: number, base: number, head: number, lo: number, hi: number, p: number, verdict: ConfigComparison['verdict'], notes: string[] = [], mde: number | string = 6.2): ConfigComparison => ({
  key: `${model}-${batch}`,
  model,
  spec: 'ort:cpu',
  batch,
  shapes: { x: [batch, 3, 32, 32] },
  baseMedianMs: base,
  headMedianMs: head,
  ratio: head / base,
  ratioCiLow: lo,
  ratioCiHigh: hi,
  pValue: p / 10,
  pAdjusted: p,
  verdict,
  thresholdPct: 5,
  baseTrialMediansMs: [base, base, base],
  headTrialMediansMs: [head, head, head],
  pBoundary: 0.0125,
  ...(typeof mde === 'number' ? { mdePct: mde } : { mdeNote: mde }),
  notes,
});

export function fixtureComparison(over: Partial<Comparison> = {}): Comparison {
  return {
    base: { runId: 'r1', machineKey: 'm1', label: 'baseline default (r1)' },
    head: { runId: 'r2', machineKey: 'm1', label: 'r2' },
    thresholdPct: 5,
    correction: 'Holm-Bonferroni over 4 configurations (alpha 0.05)',
    configs: [
      row('resnet-mini', 1, 1.25, 1.35, 1.05, 1.11, 0.0004, 'regression'),
      row('mlp-mini', 8, 0.2, 0.2, 0.98, 1.02, 1, 'unchanged'),
      row('detector-mini', 1, 3.36, 3.0, 0.87, 0.93, 0.02, 'improvement'),
      row('transformer-mini', 8, 12.5, 12.9, 0.94, 1.12, 0.8, 'inconclusive', ['the CI [0.940, 1.120] reaches past the 5% band without a significant change: too noisy to judge at this threshold; measure more trials or raise the threshold'], 14.25),
      row('mlp-mini', 1, 0.1, 0.1, 0.99, 1.01, 1, 'unchanged', [], '3 base and 3 head trials cannot reach the p 0.0125 this look needs (smallest possible 0.1)'),
    ],
    onlyInBase: [{ key: 'k1', label: 'old-net ort:cpu batch 1' }],
    onlyInHead: [],
    notComparable: [{ key: 'k2', label: 'mobilenetv2-mini ort:cpu batch 8', reason: 'head failed: trial 0 failed: child crashed (SIGSEGV) <core>', baseStatus: 'ok', headStatus: 'failed' }],
    incomplete: [],
    environmentDiffs: [{ field: 'engines.ort.version', base: '1.29.0', head: '1.30.0' }],
    environmentSuspect: false,
    counts: { regression: 1, improvement: 1, unchanged: 2, inconclusive: 1 },
    sequential: { looks: 3, stoppedBy: 'budget', spentS: 171.4, budgetS: 180, firstTrials: 6, stepTrials: 3, maxTrials: 18 },
    ...over,
  };
}
