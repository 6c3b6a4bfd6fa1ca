import { describe, expect, it } from 'vitest';
import { gflopsPerS, nodeFlops, withFlops } from '../../src/models/flops.js';
import type { LayerNode, LayerProfile } from '../../src/results/schema.js';

describe('nodeFlops: Conv', () => {
  it('counts 2*N*Cout*Hout*Wout*(Cin/group)*kh*kw plus the bias', () => {
    // 2*1*16*32*32*3*3*3 = 884736, bias 16*32*32 = 16384
    expect(nodeFlops('Conv', [[1, 3, 64, 64], [16, 3, 3, 3], [16]], [[1, 16, 32, 32]])).toBe(901_120);
    expect(
      nodeFlops(
        'Conv',
        [
          [1, 3, 64, 64],
          [16, 3, 3, 3],
        ],
        [[1, 16, 32, 32]],
      ),
    ).toBe(884_736);
  });

  it('reads Cin/group from the weight (depthwise: group = C)', () => {
    // 2*8*32*14*14*1*3*3 = 903168
    expect(
      nodeFlops(
        'Conv',
        [
          [8, 32, 16, 16],
          [32, 1, 3, 3],
        ],
        [[8, 32, 14, 14]],
      ),
    ).toBe(903_168);
  });

  it('counts FusedConv residual input Z as one add per output', () => {
    // 2*1*4*2*2*4*1*1 = 128, bias 16, Z 16
    expect(nodeFlops('FusedConv', [[1, 4, 2, 2], [4, 4, 1, 1], [4], [1, 4, 2, 2]], [[1, 4, 2, 2]])).toBe(160);
  });

  it('is layout-independent for NhwcConv (W as [Cout, kh, kw, Cin/g])', () => {
    expect(nodeFlops('NhwcConv', [[1, 64, 64, 3], [16, 3, 3, 3], [16]], [[1, 32, 32, 16]])).toBe(901_120);
  });
});

describe('nodeFlops: MatMul', () => {
  it('counts 2*M*N*K', () => {
    expect(
      nodeFlops(
        'MatMul',
        [
          [4, 5],
          [5, 6],
        ],
        [[4, 6]],
      ),
    ).toBe(240);
  });

  it('broadcasts batch dims through the output shape', () => {
    // [2,3,4,5] x [5,6] -> [2,3,4,6]: 2*(2*3)*4*6*5 = 1440
    expect(
      nodeFlops(
        'MatMul',
        [
          [2, 3, 4, 5],
          [5, 6],
        ],
        [[2, 3, 4, 6]],
      ),
    ).toBe(1440);
    // [1,4,5] x [3,5,6] -> [3,4,6]: 2*3*4*6*5 = 720
    expect(
      nodeFlops(
        'MatMul',
        [
          [1, 4, 5],
          [3, 5, 6],
        ],
        [[3, 4, 6]],
      ),
    ).toBe(720);
  });

  it('handles a 1-D A (vector times matrix)', () => {
    expect(nodeFlops('MatMul', [[5], [5, 6]], [[6]])).toBe(60);
  });

  it('reads K from the output rows for FusedMatMul (transA unknown)', () => {
    expect(
      nodeFlops(
        'FusedMatMul',
        [
          [2, 4, 5],
          [2, 5, 6],
        ],
        [[2, 4, 6]],
      ),
    ).toBe(480);
    // transA: A [2, 5, 4] -> K = 5
    expect(
      nodeFlops(
        'FusedMatMul',
        [
          [2, 5, 4],
          [2, 5, 6],
        ],
        [[2, 4, 6]],
      ),
    ).toBe(480);
  });
});

describe('nodeFlops: Gemm', () => {
  it('counts 2*M*N*K plus M*N for C', () => {
    // B as [10, 512] with transB: Y [8, 10]; 2*8*10*512 = 81920, plus C 8*10 = 80
    expect(nodeFlops('Gemm', [[8, 512], [10, 512], [10]], [[8, 10]])).toBe(82_000);
    expect(
      nodeFlops(
        'Gemm',
        [
          [8, 512],
          [512, 10],
        ],
        [[8, 10]],
      ),
    ).toBe(81_920);
  });

  it('reads K when A is transposed', () => {
    expect(
      nodeFlops(
        'Gemm',
        [
          [512, 8],
          [512, 10],
        ],
        [[8, 10]],
      ),
    ).toBe(81_920);
  });
});

describe('nodeFlops: not counted', () => {
  it('leaves other ops and unreadable shapes undefined', () => {
    expect(nodeFlops('Relu', [[1, 16]], [[1, 16]])).toBeUndefined();
    expect(
      nodeFlops(
        'Conv',
        [
          [1, 3, 64, 64],
          [16, -1, 3, 3],
        ],
        [[1, 16, 32, 32]],
      ),
    ).toBeUndefined();
    expect(nodeFlops('Conv', [[1, 3, 64, 64]], [[1, 16, 32, 32]])).toBeUndefined();
    expect(
      nodeFlops(
        'MatMul',
        [
          [4, 5],
          [5, 6],
        ],
        [],
      ),
    ).toBeUndefined();
  });
});

describe('rates and totals', () => {
  it('GFLOP/s is flops / medianMs / 1e6', () => {
    expect(gflopsPerS(2e9, 4)).toBe(500);
    expect(gflopsPerS(1, 0)).toBeUndefined();
  });

  const node = (name: string, opType: string, medianMs: number, inputShapes: number[][], outputShapes: number[][]): LayerNode => ({
    name,
    opType,
    provider: 'CUDAExecutionProvider',
    medianMs,
    inputShapes,
    outputShapes,
    fallback: false,
  });

  it('fills nodes and the model total', () => {
    const profile: LayerProfile = {
      source: 'ort-profile',
      timing: 'synchronous',
      runs: 10,
      nodes: [
        node('conv1', 'Conv', 0.5, [[1, 3, 64, 64], [16, 3, 3, 3], [16]], [[1, 16, 32, 32]]),
        node('relu1', 'Relu', 0.1, [[1, 16, 32, 32]], [[1, 16, 32, 32]]),
        node(
          'fc',
          'Gemm',
          0.2,
          [
            [8, 512],
            [512, 10],
          ],
          [[8, 10]],
        ),
      ],
      byOpType: [],
      sumMedianMs: 0.8,
      endToEndMedianMs: 1,
      fallbackNodes: 0,
      notes: [],
    };
    const got = withFlops(profile);
    expect(got.nodes.map((n) => [n.flops, n.gflopsPerS])).toEqual([
      [901_120, 1.80224],
      [undefined, undefined],
      [81_920, 0.4096],
    ]);
    expect(got.totalFlops).toBe(983_040);
    expect(gflopsPerS(got.totalFlops!, profile.endToEndMedianMs)).toBeCloseTo(0.98304, 12);
    expect(withFlops({ ...profile, nodes: [profile.nodes[1]!] }).totalFlops).toBeUndefined();
  });
});
