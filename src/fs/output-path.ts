/**
 * Output paths checked before anything is measured or written: each is of the right kind
 * (a folder, or a file), on a file system that can hold it, and writable, or one line says
 * what is wrong and the fix (E_OUTPUT, exit 2). Nothing is created here.
 *
 * Why not just try `mkdirSync(path, { recursive: true })`: on procfs, mkdir of a missing
 * child answers ENOENT while its parent exists; Node's recursive mkdir reads ENOENT as
 * "the parent is missing", makes the parent (EEXIST, a folder), retries the child, and
 * loops forever (Node 20-24). So the ancestors are looked at first, and folders are made
 * one level at a time (make-folder.ts), never with the recursive flag.
 */
import { accessSync, constants, lstatSync, type Stats, statfsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DnnperfError } from '../errors.js';

/**
 * Linux file systems that hold no user files: kernel interfaces where a write is a command
 * to the kernel or is refused, some with the mkdir behaviour above. Magic numbers from
 * linux/magic.h (statfs f_type).
 */
const SPECIAL_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'procfs'],
  [0x62656572, 'sysfs'],
  [0x27e0eb, 'cgroupfs'],
  [0x63677270, 'cgroup2fs'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x1cd1, 'devpts'],
  [0x62656570, 'configfs'],
  [0xcafe4a11, 'bpffs'],
  [0x6165676c, 'pstorefs'],
  [0xde5e81e4, 'efivarfs'],
  [0x65735543, 'fusectl'],
  [0x42494e4d, 'binfmt_misc'],
  [0xf97cff8c, 'selinuxfs'],
  [0x6e736673, 'nsfs'],
  [0x19800202, 'mqueue'],
]);

function fail(what: string, given: string, problem: string, fix: string): never {
  throw new DnnperfError('E_OUTPUT', `${what} ${given}: ${problem}: ${fix}`);
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // ENOTDIR: a component above is a file; the walk up finds it.
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/** The path itself when it exists, else its nearest existing ancestor, with its stats (links followed). */
function nearestExisting(path: string, what: string, given: string): { path: string; stats: Stats } {
  let at = resolve(path);
  for (;;) {
    const link = lstatOrUndefined(at);
    if (link) {
      if (!link.isSymbolicLink()) return { path: at, stats: link };
      try {
        return { path: at, stats: statSync(at) };
      } catch {
        fail(what, given, `${at} is a broken symbolic link`, 'fix or remove the link, or choose another path');
      }
    }
    const up = dirname(at);
    if (up === at) return { path: at, stats: statSync(at) };
    at = up;
  }
}

function accessProblem(path: string): string | undefined {
  try {
    accessSync(path, constants.W_OK | constants.X_OK);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'EROFS' ? `${path} is on a read-only file system` : `${path} is not writable (${code})`;
  }
}

function specialFileSystem(path: string): string | undefined {
  if (process.platform !== 'linux') return undefined;
  return SPECIAL_FILE_SYSTEMS.get(statfsSync(path).type);
}

/** Where a folder (or a file's folder) would be made: an existing folder we can write on a normal file system. */
function checkFolderSite(folder: string, what: string, given: string): void {
  const found = nearestExisting(folder, what, given);
  if (!found.stats.isDirectory()) {
    const kind = found.stats.isFile() ? 'a file' : 'not a folder';
    if (found.path === resolve(given)) fail(what, given, `is ${kind}, not a folder`, 'give a folder path');
    fail(what, given, `${found.path} is ${kind}, not a folder`, 'give a path whose folders are folders (or move that file away)');
  }
  const fs = specialFileSystem(found.path);
  if (fs) fail(what, given, `${found.path} is on ${fs}, a kernel file system that holds no files`, 'choose a folder on a disk');
  const denied = accessProblem(found.path);
  if (denied) fail(what, given, denied, 'choose a folder you can write');
}

/** A folder that will be created if missing (run, report, baselines and cache folders). */
export function checkOutputFolder(path: string, what: string): void {
  checkFolderSite(path, what, path);
}

/**
 * A file that will be written (--json-file, --junit, --markdown, the step summary): an existing
 * regular file must be writable; a device or pipe (/dev/stdout, /dev/null) is fine; a folder is not.
 */
export function checkOutputFile(path: string, what: string): void {
  const link = lstatOrUndefined(path);
  if (link) {
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch {
      fail(what, path, 'is a broken symbolic link', 'fix or remove the link, or choose another path');
    }
    if (stats.isDirectory()) fail(what, path, 'is a folder, not a file', `give a file path, e.g. ${what} ${path.replace(/\/+$/, '')}/out`);
    if (!stats.isFile()) return;
    const fs = specialFileSystem(path);
    if (fs) fail(what, path, `is on ${fs}, a kernel file system that holds no files`, 'choose a file on a disk');
    try {
      accessSync(path, constants.W_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      fail(what, path, code === 'EROFS' ? 'is on a read-only file system' : `is not writable (${code})`, 'choose a file you can write');
    }
    return;
  }
  checkFolderSite(dirname(resolve(path)), what, path);
}
