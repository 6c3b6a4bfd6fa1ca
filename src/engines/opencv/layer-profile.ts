/**
 * The worker's raw getPerfProfile times (per layer, per run) -> dnnperf's per-layer profile:
 * medians, totals per OpenCV layer type, layers fused into a neighbour (0 ms) named as such.
 */
import { median } from 'simple-statistics';
import { layerTotals } from '../../results/layer-totals.js';
import type { LayerNode } from '../../results/schema.js';
import type { EngineLayerProfile } from '../engine.js';
import type { WorkerReply } from './protocol.js';
import type { OpenCvPair } from './targets.js';

/** What the worker's profile command measured (its layers' times per run, each run's wall time, whether CUDA launches blocked). */
export type RawProfile = Pick<WorkerReply<'profile'>, 'layers' | 'wallMs' | 'cudaLaunchBlocking'>;

/** OpenCV names an ONNX node's layer `onnx_node!<node name>`: give back the ONNX name, as ORT's profile has it. */
export const onnxNodeName = (layer: string): string => layer.replace(/^onnx_node!/, '');

/** OpenCV's getPerfProfile doc: "Note: currently only available on the DNN_TARGET_CPU". */
const NON_CPU_NOTE = (target: string) =>
  `OpenCV documents getPerfProfile for DNN_TARGET_CPU only: on ${target} each layer's time is the host time around its forward call`;
const SYNCHRONOUS_NOTE =
  'CUDA_LAUNCH_BLOCKING=1 in the worker: each layer waited for its own kernels, so a layer time is its launches, kernels and ' +
  'one wait per launch; the sum exceeds the pipelined end-to-end time';
const DISPATCH_NOTE =
  'launches were asynchronous: a layer time is the host-side dispatch of its kernels, not kernel time (the kernels of one layer may run during the next)';

/**
 * What the layer times measure: CPU work on the CPU target; on CUDA, kernel times only when
 * every launch was synchronous in the worker, else dispatch; OpenCL queues are always asynchronous.
 */
export function opencvTiming(actual: OpenCvPair, cudaLaunchBlocking: boolean): EngineLayerProfile['timing'] {
  if (actual.target === 'cpu') return 'cpu';
  return actual.backend === 'cuda' && cudaLaunchBlocking ? 'synchronous' : 'host-dispatch';
}

export function toLayerProfile(raw: RawProfile, actual: OpenCvPair, cpuLayers: readonly string[], notes: readonly string[]): EngineLayerProfile {
  const provider = `${actual.backend}/${actual.target}`;
  const onCpu = new Set(cpuLayers);
  const seen = new Set<string>();
  const nodes: LayerNode[] = raw.layers.map((l) => {
    const fallback = onCpu.has(l.name);
    // OpenCV's own layers (an Identity per graph output) may take the name of an ONNX node.
    let name = onnxNodeName(l.name);
    if (seen.has(name)) name = `${name} (${l.type})`;
    seen.add(name);
    return {
      name,
      opType: l.type,
      provider: fallback ? 'opencv/cpu' : provider,
      medianMs: l.ms.length > 0 ? median(l.ms) : 0,
      inputShapes: l.inputShapes,
      outputShapes: l.outputShapes,
      fallback,
    };
  });
  const fused = raw.layers.filter((l) => l.ms.length > 0 && l.ms.every((t) => t === 0)).map((l) => onnxNodeName(l.name));
  const timing = opencvTiming(actual, raw.cudaLaunchBlocking ?? false);
  return {
    source: 'opencv-perf-profile',
    timing,
    runs: raw.wallMs.length,
    nodes,
    ...layerTotals(nodes),
    ...(raw.wallMs.length > 0 ? { profiledEndToEndMedianMs: median(raw.wallMs) } : {}),
    notes: [
      ...notes,
      ...(fused.length > 0 ? [`${fused.length} layer(s) at 0 ms were fused into a neighbour by OpenCV: ${fused.join(', ')}`] : []),
      ...(actual.target === 'cpu' ? [] : [NON_CPU_NOTE(actual.target), timing === 'synchronous' ? SYNCHRONOUS_NOTE : DISPATCH_NOTE]),
      "op types are OpenCV's layer types (Convolution, ReLU, Pooling...), not ONNX op types",
    ],
  };
}
