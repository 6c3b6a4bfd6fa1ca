/** worker.py as a module: importing it does nothing (main() does the fd plumbing, prctl and imports), so its functions can be tested. */
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workerScriptPath } from '../../src/engines/opencv/worker-client.js';
import { CV2_PYTHON, requireCv2 } from '../helpers/cv2.js';

function python(code: string): { stdout: string; stderr: string; status: number | null } {
  const prelude = `import sys; sys.path.insert(0, ${JSON.stringify(dirname(workerScriptPath()))}); import worker\n`;
  const r = spawnSync(CV2_PYTHON!, ['-c', prelude + code], { encoding: 'utf8', timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe.skipIf(!requireCv2())('worker.py imported as a module', () => {
  it('has no import-time effects: stdout is still the process stdout, cv2 is not loaded, no OPENCV_LOG_LEVEL set', () => {
    const r = python("import os\nprint(worker.PROTO_OUT is None, worker.cv2 is None, 'cv2' in sys.modules, os.environ.get('OPENCV_LOG_LEVEL'))");
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('True True False None\n');
  });

  it('load_libraries() brings cv2 and the target table; its helpers then give one line each', () => {
    const r = python(
      [
        'worker.load_libraries()',
        "print('cpu' in worker.TARGET_IDS, worker.NP_DTYPES['int64'] is worker.np.int64)",
        'for f in (lambda: worker.backend_id("nope"), lambda: worker.target_id("nope")):',
        '    try:',
        '        f()',
        '    except worker.WorkerError as e:',
        '        print(worker.one_line(e))',
        'try:',
        '    worker.cv2.dnn.readNet("/nonexistent.onnx")',
        'except worker.cv2.error as e:',
        '    print(len(worker.one_line(e).splitlines()))',
      ].join('\n'),
    );
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('True True');
    expect(lines[1]).toMatch(/^OpenCV \S+ has no backend 'nope' \(known: opencv, cuda, openvino\)$/);
    expect(lines[2]).toMatch(/^OpenCV \S+ has no target 'nope' \(known: .*cpu.*\)$/);
    expect(lines[3]).toBe('1');
  });
});
