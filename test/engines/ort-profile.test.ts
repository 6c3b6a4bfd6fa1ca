import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBackendSpec } from '../../src/engines/backend-spec.js';
import { createOrtEngine } from '../../src/engines/ort/ort-engine.js';
import { parseOrtProfile } from '../../src/engines/ort/profile-parser.js';
import { writeBuiltinModel } from '../../src/models/builtin/write.js';
import { makeInputSets } from '../../src/models/input-data.js';

const node = (name: string, op: string, provider: string, dur: number) => ({
  cat: 'Node',
  name: `${name}_kernel_time`,
  dur,
  args: { op_name: op, provider, input_type_shape: [{ float: [1, 3, 8, 8] }, { float: [4, 3, 3, 3] }], output_type_shape: [{ float: [1, 4, 8, 8] }] },
});

describe('parseOrtProfile', () => {
  const events = [
    { cat: 'Session', name: 'model_run', dur: 900 },
    node('conv', 'Conv', 'CUDAExecutionProvider', 500),
    node('conv', 'Conv', 'CUDAExecutionProvider', 700),
    node('conv', 'Conv', 'CUDAExecutionProvider', 600),
    node('shape', 'Shape', 'CPUExecutionProvider', 10),
    node('shape', 'Shape', 'CPUExecutionProvider', 30),
    node('relu', 'Relu', 'CUDAExecutionProvider', 100),
    { cat: 'Node', name: 'conv_fence_before', dur: 1 },
  ];
  const p = parseOrtProfile(events, { requestedProvider: 'CUDAExecutionProvider', runs: 3, timing: 'synchronous' });

  it('takes the median per node in ms, with op type, provider and shapes', () => {
    expect(p.nodes.map((n) => [n.name, n.opType, n.provider, Number(n.medianMs.toFixed(9))])).toEqual([
      ['conv', 'Conv', 'CUDAExecutionProvider', 0.6],
      ['relu', 'Relu', 'CUDAExecutionProvider', 0.1],
      ['shape', 'Shape', 'CPUExecutionProvider', 0.02],
    ]);
    expect(p.nodes[0]!.inputShapes).toEqual([
      [1, 3, 8, 8],
      [4, 3, 3, 3],
    ]);
    expect(p.nodes[0]!.outputShapes).toEqual([[1, 4, 8, 8]]);
  });

  it('flags nodes that ran outside the requested provider', () => {
    expect(p.nodes.filter((n) => n.fallback).map((n) => n.name)).toEqual(['shape']);
    expect(p.fallbackNodes).toBe(1);
    expect(p.notes[0]).toBe('1 of 3 nodes ran outside CUDAExecutionProvider: Shape@CPUExecutionProvider');
  });

  it('totals by op type with shares of the node sum', () => {
    expect(p.sumMedianMs).toBeCloseTo(0.72, 10);
    expect(p.byOpType.map((o) => o.opType)).toEqual(['Conv', 'Relu', 'Shape']);
    expect(p.byOpType[0]!.share).toBeCloseTo(0.6 / 0.72, 10);
    expect(p.timing).toBe('synchronous');
  });

  it('rejects something that is not a trace', () => {
    expect(() => parseOrtProfile({}, { requestedProvider: 'x', runs: 1, timing: 'cpu' })).toThrow(/not a JSON array/);
  });
});

describe('onnxruntime per-layer pass (real profile file)', () => {
  it('profiles a built-in model on the CPU: every node on CPUExecutionProvider, no fallback', async () => {
    const { path } = await writeBuiltinModel('resnet-mini', mkdtempSync(join(tmpdir(), 'dnnperf-prof-')));
    const engine = createOrtEngine();
    const bt = parseBackendSpec('ort:cpu');
    const session = await engine.open(path, bt, { options: {} });
    const inputs = makeInputSets(session.inputs, { input: [1, ...session.inputs[0]!.dims.slice(1).map(Number)] }, 1, 1);
    await session.close();
    const layers = await engine.profileLayers!(path, bt, { options: {} }, inputs, 5);
    expect(layers!.source).toBe('ort-profile');
    expect(layers!.nodes.length).toBeGreaterThan(5);
    expect(layers!.nodes.every((n) => n.provider === 'CPUExecutionProvider' && !n.fallback)).toBe(true);
    expect(layers!.byOpType.map((o) => o.opType)).toContain('Conv');
    expect(layers!.timing).toBe('cpu');
  });
});
