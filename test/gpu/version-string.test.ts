import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileCarriesVersionString, hasDelimitedString } from '../../src/gpu/version-string.js';

const v = Buffer.from('1.29.0');
const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('hasDelimitedString', () => {
  it('finds the version between non-printable bytes, like strings | grep -x', () => {
    expect(hasDelimitedString(bytes([0x7f, 0], '1.29.0', [0, 1]), v, false, false)).toBe(true);
    expect(hasDelimitedString(bytes('\n1.29.0\n'), v, false, false)).toBe(true);
  });

  it('rejects the version inside a longer printable run', () => {
    expect(hasDelimitedString(bytes([0], '1.29.01', [0]), v, false, false)).toBe(false);
    expect(hasDelimitedString(bytes([0], 'v1.29.0', [0]), v, false, false)).toBe(false);
    expect(hasDelimitedString(bytes([0], 'ORT 1.29.0', [0], '1.28.0', [0]), v, false, false)).toBe(false);
    expect(hasDelimitedString(bytes([0], '1.29.0\t', [0]), v, false, false)).toBe(false);
  });

  it('counts a buffer edge only when it is the file edge', () => {
    expect(hasDelimitedString(bytes('1.29.0'), v, true, true)).toBe(true);
    expect(hasDelimitedString(bytes('1.29.0', [0]), v, false, false)).toBe(false);
    expect(hasDelimitedString(bytes([0], '1.29.0'), v, false, false)).toBe(false);
  });

  it('keeps looking past a rejected occurrence', () => {
    expect(hasDelimitedString(bytes([0], 'x1.29.0', [0], '1.29.0', [0]), v, false, false)).toBe(true);
  });
});

describe('fileCarriesVersionString', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verstr-'));
  const file = (name: string, content: Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('finds it across every chunk boundary', async () => {
    const content = bytes('ELF', [0, 0, 0], 'onnxruntime', [0], '1.29.0', [0], 'tail!');
    const path = file('lib.so', content);
    for (let chunk = 1; chunk <= content.length + 1; chunk++) {
      expect(await fileCarriesVersionString(path, '1.29.0', chunk), `chunk ${chunk}`).toBe(true);
    }
  });

  it('misses a wrong version and a version glued to text at any chunk size', async () => {
    const path = file('other.so', bytes([0], '1.28.0', [0], 'x1.29.0', [0], '1.29.0y'));
    for (const chunk of [1, 2, 5, 7, 64]) expect(await fileCarriesVersionString(path, '1.29.0', chunk)).toBe(false);
  });

  it('accepts the version at the very start or end of the file', async () => {
    expect(await fileCarriesVersionString(file('start.so', bytes('1.29.0', [0])), '1.29.0', 3)).toBe(true);
    expect(await fileCarriesVersionString(file('end.so', bytes([0], '1.29.0')), '1.29.0', 3)).toBe(true);
  });
});
