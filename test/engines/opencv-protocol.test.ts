import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameReader } from '../../src/engines/opencv/frames.js';
import { resolvePython } from '../../src/engines/opencv/python.js';
import { outputNaming } from '../../src/engines/opencv/session.js';
import { resolvePair } from '../../src/engines/opencv/targets.js';
import { tensorBytes, tensorFromBytes } from '../../src/engines/opencv/tensors.js';
import { isDnnperfError } from '../../src/errors.js';

describe('frames', () => {
  it('reassembles header and blobs however the pipe splits them', () => {
    const a = new Float32Array([1.5, -2, 3]);
    const b = new BigInt64Array([7n, -9n]);
    const wire = Buffer.concat([
      ...encodeFrame({ id: 1, ok: true }, [tensorBytes({ dtype: 'float32', dims: [3], data: a }), new Uint8Array(b.buffer)]),
      ...encodeFrame({ id: 2, ok: false, error: 'x' }),
    ]);
    for (const step of [1, 3, 7, wire.length]) {
      const reader = new FrameReader();
      const frames = [];
      for (let i = 0; i < wire.length; i += step) frames.push(...reader.push(wire.subarray(i, i + step)));
      expect(frames.map((f) => f.header)).toEqual([
        { id: 1, ok: true, blobs: [12, 16] },
        { id: 2, ok: false, error: 'x' },
      ]);
      expect(tensorFromBytes('a', 'float32', [3], frames[0]!.blobs[0]!).data).toEqual(a);
      expect(tensorFromBytes('b', 'int64', [2], frames[0]!.blobs[1]!).data).toEqual(b);
    }
  });

  it('copies an unaligned blob into its typed array', () => {
    const bytes = Buffer.alloc(9);
    bytes.writeFloatLE(2.5, 1);
    bytes.writeFloatLE(-1, 5);
    expect([...(tensorFromBytes('y', 'float32', [2], bytes.subarray(1)).data as Float32Array)]).toEqual([2.5, -1]);
  });

  it('refuses an output dtype dnnperf does not handle', () => {
    expect(() => tensorFromBytes('y', 'float64', [1], Buffer.alloc(8))).toThrow(/output 'y' as float64/);
  });
});

describe('outputNaming', () => {
  it('keeps matching names, maps by position with a note, and says when counts differ', () => {
    expect(outputNaming(['y'], ['y'])).toEqual({ names: ['y'] });
    expect(outputNaming(['prob'], ['y'])).toEqual({ names: ['y'], note: "OpenCV's outputs (prob) matched to the ONNX outputs (y) by position" });
    expect(outputNaming(['a', 'b'], ['y']).names).toEqual(['a', 'b']);
  });
});

describe('resolvePair', () => {
  it('reads OpenCV names, under any engine alias', () => {
    expect(resolvePair({ engine: 'cv410', backend: 'cuda', target: 'cuda_fp16', spec: 'cv410:cuda/cuda_fp16' })).toEqual({
      backend: 'cuda',
      target: 'cuda_fp16',
    });
  });

  it('rejects an unknown pair, or one without its target, naming the known ones', () => {
    expect(() => resolvePair({ engine: 'opencv', backend: 'cuda', spec: 'opencv:cuda' })).toThrow(/unknown OpenCV backend\/target 'opencv:cuda'/);
    expect(() => resolvePair({ engine: 'opencv', backend: 'cuda', target: 'opencl', spec: 'opencv:cuda/opencl' })).toThrow(
      /unknown OpenCV backend\/target 'opencv:cuda\/opencl': use one of opencv:opencv\/cpu, .*opencv:openvino\/cpu/,
    );
  });
});

describe('resolvePython', () => {
  it('takes the option, then DNNPERF_PYTHON, as given', async () => {
    expect(await resolvePython('/opt/cv410/bin/python3', { DNNPERF_PYTHON: '/x' })).toBe('/opt/cv410/bin/python3');
    expect(await resolvePython(undefined, { DNNPERF_PYTHON: '/x' })).toBe('/x');
  });

  it('says what it tried when no candidate imports cv2', async () => {
    const e = await resolvePython(undefined, {}, ['/nonexistent/python3']).catch((x: unknown) => x);
    expect(isDnnperfError(e) && e.code).toBe('E_ENGINE');
    expect((e as Error).message).toBe(
      'no python with cv2 found (tried /nonexistent/python3): install python3-opencv (Debian), or set DNNPERF_PYTHON=<python with cv2>, or declare one as an engine: --engine cv=opencv:python=<python with cv2> --backend cv:opencv/cpu',
    );
  });
});
