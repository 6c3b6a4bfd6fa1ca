/**
 * For the OpenCV engine tests: a python with cv2 (they fail, not skip, under CI without one),
 * tiny ONNX models, and the worker processes this test process started.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { type Attr, attr, GraphBuilder } from '../../src/models/onnx/graph-builder.js';

function importsCv2(python: string): boolean {
  return spawnSync(python, ['-c', 'import cv2'], { timeout: 30_000 }).status === 0;
}

/** The python the tests use: DNNPERF_PYTHON, else the engine's own candidates. */
export const CV2_PYTHON: string | undefined = [process.env.DNNPERF_PYTHON, 'python3', '/usr/bin/python3', 'python']
  .filter((p): p is string => !!p)
  .find(importsCv2);

/**
 * Call at the top of an OpenCV test file. Without cv2, CI gets a failing test (CI installs
 * python3-opencv, so a missing cv2 is a broken CI image); elsewhere the file skips, saying why.
 */
export function requireCv2(): boolean {
  if (CV2_PYTHON) return true;
  const why = 'no python with cv2 found (DNNPERF_PYTHON, python3, /usr/bin/python3, python): apt-get install python3-opencv';
  if (process.env.CI) {
    test('a python with cv2 is installed', () => {
      throw new Error(why);
    });
  } else {
    test.skip(`OpenCV tests skipped: ${why}`, () => {});
  }
  return false;
}

/** A python that exists but cannot import cv2: the cv2 one without site-packages (-S). */
export function pythonWithoutCv2(dir: string): string {
  const file = join(dir, 'python-no-cv2');
  writeFileSync(file, `#!/bin/sh\nexec ${CV2_PYTHON ?? 'python3'} -S "$@"\n`);
  chmodSync(file, 0o755);
  return file;
}

export interface TinyModels {
  dir: string;
  /** x[batch,3,8,8] -> Conv 3x3 (kernel_shape given) -> Relu -> GlobalAveragePool -> y[batch,4,1,1]. */
  good: string;
  /** The same Conv without kernel_shape: OpenCV 4.6's importer rejects it. */
  noKernelShape: string;
  /** x[batch,4,8] MatMul w[8,8]: a 3-D input, which cv2's binding reads as a 2-D image unless wrapped in cv2.Mat. */
  matmul3d: string;
  /** x[batch,4] -> Hardmax: an op some OpenCV importers have no layer for. */
  hardmax: string;
}

export function writeTinyModels(): TinyModels {
  const dir = mkdtempSync(join(tmpdir(), 'dnnperf-cv2-'));
  const model = (name: string, withKernelShape: boolean): string => {
    const g = new GraphBuilder(name, 7);
    const x = g.input('x', 'float32', ['batch', 3, 8, 8]);
    const attrs: Record<string, Attr> = withKernelShape ? { kernel_shape: attr.ints([3, 3]), pads: attr.ints([1, 1, 1, 1]) } : {};
    const c = g.node('Conv', [x, g.heWeight('w', [4, 3, 3, 3]), g.weight('b', [4], 0.1)], attrs, 'conv');
    const y = g.node('GlobalAveragePool', [g.node('Relu', [c], {}, 'relu')], {}, 'y');
    g.output(y, 'float32', ['batch', 4, 1, 1]);
    const file = join(dir, `${name}.onnx`);
    writeFileSync(file, g.toBytes());
    return file;
  };
  const g = new GraphBuilder('matmul-3d', 7);
  const x = g.input('x', 'float32', ['batch', 4, 8]);
  g.output(g.node('MatMul', [x, g.heWeight('w', [8, 8])], {}, 'mm'), 'float32', ['batch', 4, 8]);
  const matmul3d = join(dir, 'matmul-3d.onnx');
  writeFileSync(matmul3d, g.toBytes());
  // Hardmax: an ONNX op OpenCV 4.6's importer has no layer for (onnx-op-support.ts says which versions do).
  const h = new GraphBuilder('hardmax', 7, 13);
  h.output(h.node('Hardmax', [h.input('x', 'float32', ['batch', 4])], {}, 'hm'), 'float32', ['batch', 4]);
  const hardmax = join(dir, 'hardmax.onnx');
  writeFileSync(hardmax, h.toBytes());
  return { dir, good: model('tiny-conv', true), noKernelShape: model('conv-no-kernel-shape', false), matmul3d, hardmax };
}

/** Pids of this process's children running the OpenCV worker script. */
export function workerPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('worker.py')) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** Whether the cv2 under test has cv2.Mat (OpenCV 4.7+'s Python package), which can pass 3-D arrays as 3-D. */
export function hasCv2Mat(): boolean {
  return spawnSync(CV2_PYTHON ?? 'python3', ['-c', 'import cv2, sys; sys.exit(0 if hasattr(cv2, "Mat") else 1)'], { timeout: 30_000 }).status === 0;
}
