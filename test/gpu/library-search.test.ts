import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLdconfig, resolvePrefix, resolveSoname } from '../../src/gpu/library-search.js';
import { LDCONFIG_H100 } from './ldconfig-fixture.js';

describe('parseLdconfig', () => {
  it('maps 64-bit sonames to paths, ignoring 32-bit entries and the header', () => {
    const cache = parseLdconfig(LDCONFIG_H100);
    expect(cache.get('libcuda.so.1')).toBe('/usr/lib/x86_64-linux-gnu/libcuda.so.1');
    expect(cache.get('libz.so.1')).toBe('/lib/x86_64-linux-gnu/libz.so.1');
    expect(cache.size).toBe(7);
  });
});

describe('resolveSoname / resolvePrefix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ldpath-'));
  mkdirSync(join(dir, 'cuda'));
  writeFileSync(join(dir, 'cuda', 'libcudart.so.12'), '');

  it('looks in LD_LIBRARY_PATH before the cache', () => {
    const search = { ldLibraryPath: `/nonexistent::${join(dir, 'cuda')}`, ldconfig: LDCONFIG_H100 };
    expect(resolveSoname('libcudart.so.12', search)).toBe(join(dir, 'cuda', 'libcudart.so.12'));
    expect(resolveSoname('libcudart.so.13', search)).toBe('/usr/local/cuda-13.0/targets/x86_64-linux/lib/libcudart.so.13');
    expect(resolveSoname('libnvinfer.so.10', search)).toBeUndefined();
  });

  it('finds any major by prefix', () => {
    expect(resolvePrefix('libcudart.so.', { ldLibraryPath: join(dir, 'cuda'), ldconfig: '' })).toBe(join(dir, 'cuda', 'libcudart.so.12'));
    expect(resolvePrefix('libcudnn.so.', { ldconfig: LDCONFIG_H100 })).toBe('/usr/lib/x86_64-linux-gnu/libcudnn.so.9');
    expect(resolvePrefix('libnvinfer.so.', { ldconfig: LDCONFIG_H100 })).toBeUndefined();
  });
});
