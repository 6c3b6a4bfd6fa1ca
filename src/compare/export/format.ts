/** Wording shared by the exporters, in hyperfine's manner: "1.08x slower [1.05, 1.11]". */
import { configLabel } from '../../results/config-label.js';
import type { Comparison, ConfigComparison } from '../types.js';

/**
 * "1.08x slower [1.05, 1.11]", "1.12x faster [1.08, 1.15]" (the CI inverted with the ratio), "1.00x unchanged [0.98, 1.02]";
 * for throughput (whose ratio is base / head) "1.08x less throughput", "1.12x more throughput".
 */
export function changeText(c: Pick<ConfigComparison, 'ratio' | 'ratioCiLow' | 'ratioCiHigh' | 'verdict' | 'metric'>): string {
  const f = (x: number) => x.toFixed(2);
  const [worse, better] = c.metric === 'throughput' ? ['less throughput', 'more throughput'] : ['slower', 'faster'];
  if (c.verdict === 'unchanged') return `${f(c.ratio)}x unchanged [${f(c.ratioCiLow)}, ${f(c.ratioCiHigh)}]`;
  if (c.ratio >= 1) return `${f(c.ratio)}x ${worse} [${f(c.ratioCiLow)}, ${f(c.ratioCiHigh)}]`;
  return `${f(1 / c.ratio)}x ${better} [${f(1 / c.ratioCiHigh)}, ${f(1 / c.ratioCiLow)}]`;
}

/** A side's judged figure: its median latency, or the metric's value (inferences/s, or p99 ms). */
export function sideValue(c: Pick<ConfigComparison, 'metric' | 'baseValue' | 'headValue' | 'baseMedianMs' | 'headMedianMs'>, side: 'base' | 'head'): string {
  if (c.metric === 'throughput') return `${(side === 'base' ? c.baseValue! : c.headValue!).toPrecision(4)} inf/s`;
  if (c.metric === 'p99') return ms(side === 'base' ? c.baseValue! : c.headValue!);
  return ms(side === 'base' ? c.baseMedianMs : c.headMedianMs);
}

/** Milliseconds with 3 significant decimals below 10 ms, fewer above. */
export function ms(x: number): string {
  return `${x < 10 ? x.toFixed(3) : x < 100 ? x.toFixed(2) : x.toFixed(1)} ms`;
}

export function countsText(counts: Record<string, number>): string {
  return (['regression', 'improvement', 'unchanged', 'inconclusive'] as const)
    .map((v) => `${counts[v] ?? 0} ${v}${v === 'regression' || v === 'improvement' ? (counts[v] === 1 ? '' : 's') : ''}`)
    .join(', ');
}

/** Each distinct note once: prefixed by its configuration, or followed by how many share it. */
export function distinctNotes(configs: readonly ConfigComparison[]): string[] {
  const seen = new Map<string, string[]>();
  for (const c of configs) for (const n of c.notes) seen.set(n, [...(seen.get(n) ?? []), configLabel(c)]);
  return [...seen].map(([note, labels]) => (labels.length > 1 ? `${note} (${labels.length} configurations)` : `${labels[0]}: ${note}`));
}

/** "4.2%", or "-" where no slowdown could be detected (the reason is in `mdeNote`). */
export function mdeText(c: Pick<ConfigComparison, 'mdePct'>): string {
  return c.mdePct === undefined ? '-' : `${c.mdePct.toFixed(1)}%`;
}

/**
 * What the gate covered, in one line per configuration left undecided or without an MDE:
 * "transformer-mini ort:cpu batch 1: inconclusive after 18 trials (max trials): detects a
 * slowdown of 14.2% or more with 95% power at the spread measured".
 */
export function coverageLines(c: Comparison): string[] {
  const why = c.sequential ? ` (${c.sequential.stoppedBy === 'decided' ? 'decided' : c.sequential.stoppedBy})` : '';
  return c.configs
    .filter((x) => x.verdict === 'inconclusive' || x.mdePct === undefined)
    .map((x) => {
      const covers =
        x.mdePct === undefined
          ? `no slowdown detectable: ${x.mdeNote ?? 'no estimate'}`
          : `detects a slowdown of ${x.mdePct.toFixed(1)}% or more with 95% power at the spread measured`;
      return `${configLabel(x)}: ${x.verdict} after ${x.headTrialMediansMs.length} trials${x.verdict === 'inconclusive' ? why : ''}: ${covers}`;
    });
}

/** "3 looks, 142 s of a 180 s budget: stopped with 2 configurations undecided (budget)". */
export function sequentialText(c: Comparison): string | undefined {
  const s = c.sequential;
  if (!s) return undefined;
  const open = c.configs.filter((x) => x.verdict === 'inconclusive').length;
  return (
    `${s.looks} look${s.looks === 1 ? '' : 's'} (${s.firstTrials} trials, then +${s.stepTrials} for undecided configurations, at most ${s.maxTrials}), ` +
    `${Math.round(s.spentS)} s of a ${Math.round(s.budgetS)} s budget: ` +
    (open === 0 ? 'every configuration decided' : `${open} configuration${open === 1 ? '' : 's'} undecided (${s.stoppedBy})`)
  );
}

/** The incomplete list as exporter items: `head: resnet-mini ort:cpu batch 1`: `5 of 6 planned trials measured`. */
export function incompleteItems(c: Pick<Comparison, 'incomplete'>): Array<{ label: string; reason: string }> {
  return c.incomplete.map((i) => ({ label: `${i.side}: ${i.label}`, reason: i.reason }));
}
