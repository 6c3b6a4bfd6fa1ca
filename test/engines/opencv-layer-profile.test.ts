import { describe, expect, it } from 'vitest';
import { toLayerProfile } from '../../src/engines/opencv/layer-profile.js';
import { layerProfileSchema } from '../../src/results/schema.js';

const raw = {
  layers: [
    { name: 'onnx_node!conv', type: 'Convolution', ms: [3, 1, 2], inputShapes: [[1, 3, 8, 8]], outputShapes: [[1, 4, 8, 8]] },
    { name: 'onnx_node!relu', type: 'ReLU', ms: [0, 0, 0], inputShapes: [], outputShapes: [] },
    { name: 'onnx_node!y', type: 'Pooling', ms: [0.5, 0.5, 0.75], inputShapes: [], outputShapes: [] },
    { name: 'y', type: 'Identity', ms: [0.25, 0.25, 0.25], inputShapes: [], outputShapes: [] },
  ],
  wallMs: [4, 3, 3.5],
  cudaLaunchBlocking: false,
};

describe('toLayerProfile', () => {
  it('medians, ONNX node names, totals by type, fused layers named', () => {
    const p = toLayerProfile(raw, { backend: 'opencv', target: 'cpu' }, [], []);
    // The engine leaves endToEndMedianMs to the caller (the measure pass's median): every other field is the schema's.
    expect(layerProfileSchema.omit({ endToEndMedianMs: true }).strict().parse(p)).toEqual(p);
    expect(p.nodes.map((n) => [n.name, n.opType, n.medianMs, n.provider])).toEqual([
      ['conv', 'Convolution', 2, 'opencv/cpu'],
      ['relu', 'ReLU', 0, 'opencv/cpu'],
      ['y', 'Pooling', 0.5, 'opencv/cpu'],
      ['y (Identity)', 'Identity', 0.25, 'opencv/cpu'],
    ]);
    expect(p.sumMedianMs).toBe(2.75);
    expect(p).not.toHaveProperty('endToEndMedianMs');
    expect(p.byOpType[0]).toEqual({ opType: 'Convolution', totalMs: 2, share: 2 / 2.75, count: 1 });
    expect(p.timing).toBe('cpu');
    expect(p.runs).toBe(3);
    expect(p.notes).toContain('1 layer(s) at 0 ms were fused into a neighbour by OpenCV: relu');
  });

  it('marks CPU layers of a CUDA net; asynchronous launches are labelled dispatch, never kernel time', () => {
    const p = toLayerProfile(raw, { backend: 'cuda', target: 'cuda' }, ['onnx_node!y'], ['a note']);
    expect(p.timing).toBe('host-dispatch');
    expect(p.fallbackNodes).toBe(1);
    expect(p.nodes[2]).toMatchObject({ name: 'y', provider: 'opencv/cpu', fallback: true });
    expect(p.nodes[0]).toMatchObject({ provider: 'cuda/cuda', fallback: false });
    expect(p.notes[0]).toBe('a note');
    expect(p.notes).toContain("OpenCV documents getPerfProfile for DNN_TARGET_CPU only: on cuda each layer's time is the host time around its forward call");
    expect(p.notes.some((n) => /host-side dispatch of its kernels, not kernel time/.test(n))).toBe(true);
  });

  it('synchronous when the worker ran with CUDA_LAUNCH_BLOCKING=1; OpenCL stays dispatch', () => {
    const p = toLayerProfile({ ...raw, cudaLaunchBlocking: true }, { backend: 'cuda', target: 'cuda_fp16' }, [], []);
    expect(p.timing).toBe('synchronous');
    expect(p.notes.some((n) => /^CUDA_LAUNCH_BLOCKING=1 in the worker: each layer waited for its own kernels/.test(n))).toBe(true);
    expect(toLayerProfile({ ...raw, cudaLaunchBlocking: true }, { backend: 'opencv', target: 'opencl' }, [], []).timing).toBe('host-dispatch');
    expect(toLayerProfile({ ...raw, cudaLaunchBlocking: true }, { backend: 'opencv', target: 'cpu' }, [], []).timing).toBe('cpu');
  });

  it('median of even and odd counts per layer, 0 for a layer with no times', () => {
    const layer = (name: string, ms: number[]) => ({ name, type: 'Convolution', ms, inputShapes: [], outputShapes: [] });
    const p = toLayerProfile(
      { layers: [layer('odd', [3, 1, 2]), layer('even', [4, 1, 2, 3]), layer('none', [])], wallMs: [1], cudaLaunchBlocking: false },
      { backend: 'opencv', target: 'cpu' },
      [],
      [],
    );
    expect(p.nodes.map((n) => [n.name, n.medianMs])).toEqual([
      ['odd', 2],
      ['even', 2.5],
      ['none', 0],
    ]);
  });
});
