/** FP32 means FP32: TF32 recorded for every CUDA configuration, `tf32=off`, and provider options the binding cannot pass. */
import { describe, expect, it } from 'vitest';
import { parseBackendSpec } from '../../src/engines/backend-spec.js';
import { createOrtEngine } from '../../src/engines/ort/ort-engine.js';
import { CUDA_EP_OPTION_NOTE } from '../../src/engines/ort/providers.js';
import { checkTf32Option, tf32Env } from '../../src/engines/tf32.js';

const ort = createOrtEngine();

describe('tf32', () => {
  it('tf32=off sets NVIDIA_TF32_OVERRIDE=0 for the measuring process; default sets nothing; anything else is refused', () => {
    expect(tf32Env({ tf32: 'off' })).toEqual({ NVIDIA_TF32_OVERRIDE: '0' });
    expect(tf32Env({})).toEqual({});
    expect(tf32Env({ tf32: 'default' })).toEqual({});
    expect(() => checkTf32Option({ tf32: 'no' })).toThrow(/^--option tf32=no is not one of default, off: use tf32=off for FP32 math without TF32$/);
  });

  it("onnxruntime's CUDA EP: TF32 on by default (use_tf32=1, not passable), off under the override; none on the CPU", async () => {
    const cuda = parseBackendSpec('ort:cuda');
    expect(await ort.tf32!(cuda, {})).toMatchObject({
      enabled: true,
      basis: expect.stringMatching(/default use_tf32=1 \(the onnxruntime-node binding passes deviceId only\)/),
    });
    expect(await ort.tf32!(cuda, { NVIDIA_TF32_OVERRIDE: '0' })).toEqual({
      enabled: false,
      basis: "NVIDIA_TF32_OVERRIDE=0 in the process that ran the model: NVIDIA's cuBLAS and cuDNN never use TF32",
    });
    expect(await ort.tf32!(parseBackendSpec('ort:cpu'), {})).toBeUndefined();
  });

  it('provider options the binding cannot pass are refused before measuring, naming the fix', () => {
    expect(() => ort.checkOptions!(parseBackendSpec('ort:cuda'), { cudnn_conv_algo_search: 'HEURISTIC', enable_cuda_graph: '1' })).toThrow(
      /^--option cudnn_conv_algo_search, enable_cuda_graph: the onnxruntime-node 1\.29 binding passes only deviceId to CUDAExecutionProvider, so these stay at onnxruntime's default \(see `dnnperf list`\); for TF32 use --option tf32=off$/,
    );
    expect(() => ort.checkOptions!(parseBackendSpec('ort:cuda'), { deviceId: 0, threads: 2, tf32: 'off' })).not.toThrow();
    expect(() => ort.checkOptions!(parseBackendSpec('ort:cpu'), { enable_cuda_graph: '1' })).not.toThrow();
  });

  it('dnnperf list says what the CUDA EP gets', async () => {
    const probe = await ort.probe();
    expect(probe.find((p) => p.spec === 'ort:cuda')?.notes).toEqual([CUDA_EP_OPTION_NOTE]);
    expect(CUDA_EP_OPTION_NOTE).toMatch(
      /passes deviceId only; use_tf32 \(default 1\), cudnn_conv_algo_search \(default EXHAUSTIVE\), enable_cuda_graph \(default 0\)/,
    );
    expect(probe.find((p) => p.spec === 'ort:cpu')?.notes).toBeUndefined();
  });
});
