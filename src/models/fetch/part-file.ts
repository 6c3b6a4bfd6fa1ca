/**
 * Part files are unique per fetch (`.<name>.<random>.part`), so concurrent fetches of one model
 * never write the same file; one left behind by a killed fetch is adopted once it is stale.
 */
import { readdir, rename, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { hiddenTempName } from './cache-layout.js';

/** A fresh part file name for `file`, holding the bytes of a stale leftover when there is one. */
export async function claimPartFile(file: string, stalePartMs: number): Promise<string> {
  const part = hiddenTempName(file, 'part');
  const dir = join(file, '..');
  const prefix = `.${basename(file)}.`;
  for (const name of await readdir(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith('.part')) continue;
    const leftover = join(dir, name);
    const mtimeMs = await stat(leftover).then(
      (s) => s.mtimeMs,
      () => Date.now(),
    );
    if (Date.now() - mtimeMs < stalePartMs) continue; // a live download: leave it alone
    // rename is atomic: if two fetches race for the same leftover, only one gets it.
    if (
      await rename(leftover, part).then(
        () => true,
        () => false,
      )
    )
      return part;
  }
  return part;
}
