/** Extracts a verified bundle into its cache folder once; concurrent extractions race on an atomic rename. */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { DnnperfError } from '../../errors.js';
import type { CacheLayout } from './cache-layout.js';
import { hiddenTempName } from './cache-layout.js';
import { extractTarGz } from './extract-archive.js';

export async function ensureExtracted(layout: CacheLayout, id: string, member: string): Promise<void> {
  if (layout.extractDir === undefined || existsSync(layout.modelFile)) return;
  const tmp = hiddenTempName(layout.extractDir, 'extract');
  await mkdir(tmp);
  try {
    await extractTarGz(layout.file, tmp, id);
    if (!existsSync(`${tmp}/${member}`)) {
      throw new DnnperfError('E_FETCH', `archive ${layout.file} of model ${id} has no ${member}: fix archive.member in the manifest`);
    }
    await rm(layout.extractDir, { recursive: true, force: true }); // an older extraction without the member
    await rename(tmp, layout.extractDir).catch((e: NodeJS.ErrnoException) => {
      if (!existsSync(layout.modelFile)) throw e; // otherwise another fetch finished first: keep its copy
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
