/**
 * The built-in models in OpenCV 4.6's ONNX importer (Debian's python3-opencv, as in CI): the
 * CNNs (mobilenetv2-mini through its opset-10 Clip), the MLP and the detector import and match
 * onnxruntime's output shapes. Known gaps of 4.6, not asserted so a newer OpenCV may lift them:
 * LayerNormalization (transformer-mini), 3-D MatMul (matmul-5ms).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_MODELS } from '../../src/models/builtin/registry.js';
import { writeBuiltinModel } from '../../src/models/builtin/write.js';
import { CV2_PYTHON, requireCv2 } from '../helpers/cv2.js';

const IMPORTS_IN_OPENCV_46 = ['resnet-mini', 'mobilenetv2-mini', 'mlp-mini', 'detector-mini', 'tiny-op'];

const SCRIPT = `
import json, sys, cv2, numpy as np
for path, shape in json.loads(sys.argv[1]):
    net = cv2.dnn.readNetFromONNX(path)
    net.setInput(np.ones(shape, np.float32), 'input')
    names = list(net.getUnconnectedOutLayersNames())
    print(json.dumps([list(o.shape) for o in net.forward(names)]))
`;

describe.skipIf(!requireCv2())('built-in models in OpenCV', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dnnperf-builtin-cv2-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports and runs the CNNs, the MLP and the detector at batch 2 with the declared shapes', async () => {
    const jobs = await Promise.all(
      IMPORTS_IN_OPENCV_46.map(async (id) => {
        const model = BUILTIN_MODELS[id]!;
        const shape = model.inputs[0]!.dims.map((d) => (d === 'batch' ? 2 : Number(d)));
        return [(await writeBuiltinModel(id, dir)).path, shape] as const;
      }),
    );
    const run = spawnSync(CV2_PYTHON!, ['-c', SCRIPT, JSON.stringify(jobs)], { encoding: 'utf8', timeout: 50_000 });
    expect(run.status, run.stderr).toBe(0);
    const shapes = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as number[][]);
    expect(shapes).toEqual(IMPORTS_IN_OPENCV_46.map((id) => BUILTIN_MODELS[id]!.outputs(2).map((o) => o.dims)));
  });
});
