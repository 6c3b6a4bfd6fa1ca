import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elfNeeded } from '../../src/gpu/elf-needed.js';
import { ortPackageInfo } from '../../src/gpu/ort-package.js';
import { syntheticElf } from './synthetic-elf.js';

const dir = mkdtempSync(join(tmpdir(), 'elf-'));

describe('elfNeeded', () => {
  it('reads DT_NEEDED sonames in order', () => {
    const path = join(dir, 'libx.so');
    writeFileSync(path, syntheticElf(['libcublasLt.so.13', 'libcudart.so.13', 'libc.so.6']));
    expect(elfNeeded(path)).toEqual(['libcublasLt.so.13', 'libcudart.so.13', 'libc.so.6']);
  });

  it("reads onnxruntime-node's real binding", () => {
    const binding = ortPackageInfo().bindingDirs[0];
    if (!binding) return; // no linux/x64 binding on this platform
    expect(elfNeeded(join(binding, 'onnxruntime_binding.node'))).toContain('libonnxruntime.so.1');
  });

  it('gives a reason for a non-ELF or missing file', () => {
    const path = join(dir, 'text.so');
    writeFileSync(path, 'not a library');
    expect(elfNeeded(path)).toEqual({ reason: `${path} is not a little-endian ELF64 file` });
    expect(elfNeeded(join(dir, 'absent.so'))).toHaveProperty('reason');
  });
});
