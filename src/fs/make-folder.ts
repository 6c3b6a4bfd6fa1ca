/**
 * `mkdir -p` one level at a time. Node's `mkdirSync(path, { recursive: true })` never returns
 * for a path under /proc (see output-path.ts); single-level mkdir calls fail there at once.
 */
import { mkdirSync, type Stats, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DnnperfError } from '../errors.js';

function fail(folder: string, why: string): never {
  throw new DnnperfError('E_OUTPUT', `cannot create folder ${folder} (${why}): choose a folder on a disk you can write`);
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    // ENOTDIR: a component above is a file; the walk up finds it and says so.
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return fail(path, (e as Error).message);
  }
}

/** Creates `path` and any missing parents; an existing folder is fine, anything else is E_OUTPUT. */
export function makeFolder(path: string): void {
  const missing: string[] = [];
  for (let at = resolve(path); ; at = dirname(at)) {
    const stats = statOrUndefined(at);
    if (stats && !stats.isDirectory()) fail(at, 'it exists and is not a folder');
    if (stats || dirname(at) === at) break;
    missing.push(at);
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (e) {
      // Made meanwhile by a concurrent process: fine.
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && statOrUndefined(folder)?.isDirectory()) continue;
      fail(folder, (e as Error).message);
    }
  }
}
