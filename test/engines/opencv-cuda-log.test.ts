/**
 * The fallback parser on what OpenCV 4.10's CUDA backend printed on the H200
 * (test/fixtures/h200-probe, provenance in its README): a clean ResNet-50 net, and a GRU net
 * whose GRU layer runs on the CPU inside the CUDA net. Also what the session records from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFallback } from '../../src/engines/opencv/fallback.js';
import { OpenCvSession } from '../../src/engines/opencv/session.js';
import type { WorkerClient } from '../../src/engines/opencv/worker-client.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'h200-probe');
const log = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const CUDA = { backend: 'cuda', target: 'cuda' };

describe('OpenCV 4.10 CUDA logs recorded on the H200', () => {
  it('ResNet-50: the input layer line and the cuDNN version warning are no fallback', () => {
    const text = log('opencv-4.10-cuda-resnet50.log');
    expect(text).toContain('CUDA backend will fallback to the CPU implementation for the layer "_input" of type __NetInputLayer__');
    expect(text).toContain('checkVersions cuDNN reports version 91.4');
    expect(detectFallback(CUDA, { log: text, layerTargets: ['cuda'] })).toEqual({ actual: CUDA, fallback: false, notes: [], cpuLayers: [] });
  });

  it('GRU: the layer left on the CPU is named, the net stays CUDA, the run is a fallback', () => {
    const d = detectFallback(CUDA, { log: log('opencv-4.10-cuda-gru.log'), layerTargets: ['cuda'] });
    expect(d).toEqual({
      actual: CUDA,
      fallback: true,
      cpuLayers: ['onnx_node!/rnn/GRU/gru'],
      notes: ['1 layer(s) fell back to the CPU implementation inside the CUDA net: onnx_node!/rnn/GRU/gru'],
    });
  });

  it('the session lists the CPU layers by ONNX node in its execution record', async () => {
    const gru = log('opencv-4.10-cuda-gru.log');
    // The worker's first-run report carries the captured log; the session turns it into the execution record.
    const worker = {
      request: async () => ({ reply: { ms: 1, outputs: [], report: { log: gru, layerTargets: ['cuda'] } }, blobs: [] }),
    } as unknown as WorkerClient;
    const s = new OpenCvSession({
      worker,
      id: 1,
      createMs: 1,
      inputs: [],
      outputs: [],
      requested: CUDA,
      engineAlias: 'cv410',
      openLog: '',
      fetch: [],
      notes: [],
    });
    await s.runOnce(0);
    expect(s.execution()).toEqual({
      requested: 'cv410:cuda/cuda',
      actual: 'cv410:cuda/cuda',
      fallback: true,
      cpuNodes: ['/rnn/GRU/gru'],
      notes: ['1 layer(s) fell back to the CPU implementation inside the CUDA net: onnx_node!/rnn/GRU/gru'],
    });
  });
});
