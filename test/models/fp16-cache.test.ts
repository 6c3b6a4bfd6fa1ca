import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeBuiltinModel } from '../../src/models/builtin/write.js';
import { fp16CachedPath } from '../../src/models/fp16/cache.js';
import { isFp16Model } from '../../src/models/fp16/detect.js';

describe('fp16CachedPath', () => {
  let dir = '';
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('converts once into <cacheDir>/fp16/<source sha256>.onnx and then reuses the file', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'dnnperf-fp16-'));
    const src = await writeBuiltinModel('mlp-mini', path.join(dir, 'builtin'));
    const cacheDir = path.join(dir, 'cache');
    const first = await fp16CachedPath(src.path, src.sha256, cacheDir);
    expect(first.path).toBe(path.join(cacheDir, 'fp16', `${src.sha256}.onnx`));
    const bytes = await readFile(first.path);
    expect(isFp16Model(bytes)).toBe(true);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(first.sha256);
    const written = (await stat(first.path)).mtimeMs;

    const again = await Promise.all([1, 2, 3].map(() => fp16CachedPath(src.path, src.sha256, cacheDir)));
    expect(again).toEqual([first, first, first]);
    expect((await stat(first.path)).mtimeMs).toBe(written);
    expect(await readdir(path.join(cacheDir, 'fp16'))).toEqual([`${src.sha256}.onnx`]);
  });
});
