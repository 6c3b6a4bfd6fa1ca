/** Per-layer totals every engine's profile reports the same way: time and share by op type. */
import type { LayerNode, LayerProfile } from './schema.js';

export function layerTotals(nodes: readonly LayerNode[]): Pick<LayerProfile, 'byOpType' | 'sumMedianMs' | 'fallbackNodes'> {
  const sumMedianMs = nodes.reduce((s, n) => s + n.medianMs, 0);
  const totals = new Map<string, { totalMs: number; count: number }>();
  for (const n of nodes) {
    const t = totals.get(n.opType) ?? { totalMs: 0, count: 0 };
    t.totalMs += n.medianMs;
    t.count += 1;
    totals.set(n.opType, t);
  }
  const byOpType = [...totals.entries()]
    .map(([opType, t]) => ({ opType, totalMs: t.totalMs, count: t.count, share: sumMedianMs > 0 ? t.totalMs / sumMedianMs : 0 }))
    .sort((a, b) => b.totalMs - a.totalMs);
  return { byOpType, sumMedianMs, fallbackNodes: nodes.filter((n) => n.fallback).length };
}
