/**
 * The Pareto front of throughput points: a point is on it when no other point has both a p99
 * no higher and a throughput no lower (and is better in one of them). Those are the only
 * configurations worth picking, whatever the latency budget.
 */
export interface TradeOff {
  p99Ms: number;
  samplesPerS: number;
}

export function paretoFront<T extends TradeOff>(points: readonly T[]): Set<T> {
  const dominated = (a: T) =>
    points.some((b) => b !== a && b.p99Ms <= a.p99Ms && b.samplesPerS >= a.samplesPerS && (b.p99Ms < a.p99Ms || b.samplesPerS > a.samplesPerS));
  return new Set(points.filter((p) => !dominated(p)));
}
