/**
 * Turns onnxruntime's profile JSON (Chrome trace events) into a per-layer profile:
 * per node the median time over the profiled runs, op type, provider and shapes;
 * totals per op type; nodes on another provider than requested flagged as fallback.
 */
import { median } from 'simple-statistics';
import { layerTotals } from '../../results/layer-totals.js';
import type { LayerNode, LayerProfile } from '../../results/schema.js';
import type { EngineLayerProfile } from '../engine.js';

interface TraceEvent {
  cat?: string;
  name?: string;
  dur?: number;
  args?: {
    op_name?: string;
    provider?: string;
    input_type_shape?: Array<Record<string, number[]>>;
    output_type_shape?: Array<Record<string, number[]>>;
  };
}

const KERNEL_SUFFIX = '_kernel_time';

const shapesOf = (list: Array<Record<string, number[]>> | undefined): number[][] => (list ?? []).map((entry) => Object.values(entry)[0] ?? []);

export interface ParseOptions {
  /** The provider the user asked for, e.g. CPUExecutionProvider. */
  requestedProvider: string;
  runs: number;
  timing: LayerProfile['timing'];
}

export function parseOrtProfile(events: unknown, options: ParseOptions): EngineLayerProfile {
  if (!Array.isArray(events)) throw new Error('onnxruntime profile is not a JSON array of trace events');
  const byNode = new Map<string, { durs: number[]; first: TraceEvent }>();
  for (const e of events as TraceEvent[]) {
    if (e.cat !== 'Node' || !e.name?.endsWith(KERNEL_SUFFIX) || typeof e.dur !== 'number') continue;
    const name = e.name.slice(0, -KERNEL_SUFFIX.length);
    const entry = byNode.get(name) ?? { durs: [], first: e };
    entry.durs.push(e.dur / 1000);
    byNode.set(name, entry);
  }
  const nodes: LayerNode[] = [...byNode.entries()].map(([name, { durs, first }]) => {
    const provider = first.args?.provider ?? 'unknown';
    return {
      name,
      opType: first.args?.op_name ?? 'unknown',
      provider,
      medianMs: median(durs),
      inputShapes: shapesOf(first.args?.input_type_shape),
      outputShapes: shapesOf(first.args?.output_type_shape),
      fallback: provider !== options.requestedProvider,
    };
  });
  nodes.sort((a, b) => b.medianMs - a.medianMs);
  const { byOpType, sumMedianMs, fallbackNodes } = layerTotals(nodes);
  const notes: string[] = [];
  if (fallbackNodes > 0) {
    const ops = [...new Set(nodes.filter((n) => n.fallback).map((n) => `${n.opType}@${n.provider}`))];
    notes.push(`${fallbackNodes} of ${nodes.length} nodes ran outside ${options.requestedProvider}: ${ops.join(', ')}`);
  }
  return {
    source: 'ort-profile',
    timing: options.timing,
    runs: options.runs,
    nodes,
    byOpType,
    sumMedianMs,
    fallbackNodes,
    notes,
  };
}
