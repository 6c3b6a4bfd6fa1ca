/** Output paths checked without creating anything, and folders made without Node's recursive mkdir (which never returns on /proc). */
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFolder } from '../../src/fs/make-folder.js';
import { checkOutputFile, checkOutputFolder } from '../../src/fs/output-path.js';
import { plainFile, procPath, sysPath } from '../helpers/special-paths.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('dnnperf-output-path-');
const file = plainFile(dir);
const proc = procPath();
const sys = sysPath();

describe('checkOutputFolder / checkOutputFile', () => {
  it('accepts a missing folder under a writable one, an existing folder, a new or existing file, and a device', () => {
    expect(() => checkOutputFolder(join(dir, 'a', 'b', 'c'), '--out')).not.toThrow();
    expect(() => checkOutputFolder(dir, '--out')).not.toThrow();
    expect(() => checkOutputFile(join(dir, 'new', 'c.json'), '--json-file')).not.toThrow();
    expect(() => checkOutputFile(file, '--json-file')).not.toThrow();
    expect(() => checkOutputFile('/dev/null', '--junit')).not.toThrow();
    expect(existsSync(join(dir, 'a'))).toBe(false);
    expect(existsSync(join(dir, 'new'))).toBe(false);
  });

  it('refuses a file where a folder goes, a folder where a file goes, a broken link', () => {
    expect(() => checkOutputFolder(file, '--out')).toThrow(`--out ${file}: is a file, not a folder: give a folder path`);
    expect(() => checkOutputFolder(join(file, 'x', 'y'), '--out')).toThrow(
      `--out ${file}/x/y: ${file} is a file, not a folder: give a path whose folders are folders`,
    );
    expect(() => checkOutputFile(dir, '--junit')).toThrow(`--junit ${dir}: is a folder, not a file: give a file path, e.g. --junit ${dir}/out`);
    const link = join(dir, 'dangling');
    symlinkSync(join(dir, 'nowhere'), link);
    expect(() => checkOutputFolder(join(link, 'out'), '--out')).toThrow(`--out ${link}/out: ${link} is a broken symbolic link: fix or remove the link`);
    expect(() => checkOutputFile(link, '--markdown')).toThrow(`--markdown ${link}: is a broken symbolic link`);
  });

  it.skipIf(!proc || !sys)('refuses kernel file systems, with the code E_OUTPUT', () => {
    expect(() => checkOutputFolder(`${proc}/x`, '--out')).toThrow(
      `--out ${proc}/x: /proc is on procfs, a kernel file system that holds no files: choose a folder on a disk`,
    );
    expect(() => checkOutputFile(`${sys}/c.xml`, '--junit')).toThrow(`--junit ${sys}/c.xml: /sys is on sysfs`);
    expect(() => checkOutputFolder(`${proc}/x`, '--out')).toThrow(expect.objectContaining({ code: 'E_OUTPUT' }));
  });
});

describe('makeFolder', () => {
  it('makes missing parents one level at a time; an existing folder is fine', () => {
    makeFolder(join(dir, 'm', 'n', 'o'));
    makeFolder(join(dir, 'm', 'n', 'o'));
    expect(existsSync(join(dir, 'm', 'n', 'o'))).toBe(true);
  });
  it('fails at once where recursive mkdir would hang or crash', () => {
    expect(() => makeFolder(join(file, 'sub'))).toThrow(
      `cannot create folder ${file} (it exists and is not a folder): choose a folder on a disk you can write`,
    );
    if (proc) expect(() => makeFolder(`${proc}/x/y`)).toThrow(/^cannot create folder \/proc\/dnnperf-test \(ENOENT/);
  });
});
