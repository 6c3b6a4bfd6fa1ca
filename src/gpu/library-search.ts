/**
 * Where the dynamic linker would find a soname: LD_LIBRARY_PATH first, then the ldconfig
 * cache (`ldconfig -p`). Inputs are plain data so the search is testable without CUDA.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listDir } from '../env/list-dir.js';

export interface LinkerSearch {
  /** LD_LIBRARY_PATH as the measuring child will see it. */
  ldLibraryPath?: string;
  /** `ldconfig -p` output; '' when ldconfig could not run. */
  ldconfig: string;
}

/** soname -> path from `ldconfig -p` lines like `\tlibcudart.so.13 (libc6,x86-64) => /usr/lib/libcudart.so.13`. */
export function parseLdconfig(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*(\S+)\s+\(([^)]*)\)\s+=>\s+(\S.*)$/.exec(line);
    // 32-bit entries cannot load into a 64-bit node.
    if (m?.[1] && m[3] && m[2]?.includes('64') && !out.has(m[1])) out.set(m[1], m[3].trim());
  }
  return out;
}

/** The path the linker would load for `soname`, or undefined. */
export function resolveSoname(soname: string, search: LinkerSearch, cache = parseLdconfig(search.ldconfig)): string | undefined {
  for (const dir of (search.ldLibraryPath ?? '').split(':')) {
    if (dir && existsSync(join(dir, soname))) return join(dir, soname);
  }
  return cache.get(soname);
}

/** Any soname starting with `prefix` (e.g. `libcudnn.so.`) in either place, for when the exact major is unknown. */
export function resolvePrefix(
  prefix: string,
  search: LinkerSearch,
  cache = parseLdconfig(search.ldconfig),
  list: (dir: string) => string[] = listDir,
): string | undefined {
  for (const dir of (search.ldLibraryPath ?? '').split(':')) {
    const hit = dir ? list(dir).find((f) => f.startsWith(prefix)) : undefined;
    if (hit) return join(dir, hit);
  }
  for (const [soname, path] of cache) if (soname.startsWith(prefix)) return path;
  return undefined;
}

/** This process's linker search inputs. */
export async function probeLinkerSearch(env: NodeJS.ProcessEnv = process.env): Promise<LinkerSearch> {
  // ldconfig lives in /sbin, often off a non-root PATH.
  for (const command of ['/sbin/ldconfig', '/usr/sbin/ldconfig', 'ldconfig']) {
    const out = await new Promise<string | undefined>((resolve) => {
      execFile(command, ['-p'], { encoding: 'utf8', timeout: 10_000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout) => resolve(err ? undefined : stdout));
    });
    if (out !== undefined) return { ldLibraryPath: env.LD_LIBRARY_PATH, ldconfig: out };
  }
  return { ldLibraryPath: env.LD_LIBRARY_PATH, ldconfig: '' };
}
