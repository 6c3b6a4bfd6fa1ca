/**
 * Holm-Bonferroni adjusted p-values (Holm, Scand. J. Statist. 6:65-70, 1979), as R's
 * p.adjust(method = "holm").
 *
 * Why Holm and not Benjamini-Hochberg: the gate's output is a per-configuration verdict
 * that a person acts on, and a red build must not be caused by noise. Holm controls the
 * family-wise error rate (the chance of even one false regression in the matrix) under
 * any dependence between configurations, which share one machine and so are correlated;
 * BH controls only the expected share of false discoveries. Holm is uniformly more
 * powerful than plain Bonferroni, and the price against BH is small on a matrix of tens
 * of configurations where one or two regress; when most of the matrix moves at once the
 * drift guard, not the correction, decides (src/compare/drift-guard.ts).
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]!);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, rank) => {
    // Step-down: the k-th smallest p is multiplied by (m - k + 1), kept monotone, capped at 1.
    running = Math.max(running, Math.min(1, (m - rank) * pValues[index]!));
    adjusted[index] = running;
  });
  return adjusted;
}
