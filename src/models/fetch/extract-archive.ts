/**
 * Safe `.tar.gz` extraction: the whole archive is listed and checked first, so a bundle with
 * one bad entry is refused before anything is written; node-tar's own guards stay on as well.
 */
import { posix } from 'node:path';
import * as tar from 'tar';
import { DnnperfError, errorMessage } from '../../errors.js';

const ALLOWED_TYPES = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory', 'SymbolicLink', 'Link']);

/** True when a relative archive path would resolve outside the extraction folder. */
function escapes(path: string): boolean {
  if (path.startsWith('/') || path.includes('\\') || /^[A-Za-z]:/.test(path)) return true;
  const normal = posix.normalize(path);
  return normal === '..' || normal.startsWith('../');
}

/** Why an entry must not be extracted, or undefined when it stays inside the target. */
export function unsafeEntryReason(path: string, type: string, linkpath: string | undefined): string | undefined {
  if (!ALLOWED_TYPES.has(type)) return `${type} entries are not allowed`;
  if (escapes(path)) return path.startsWith('/') ? 'absolute path' : 'path leaves the folder';
  // A symlink resolves from its own folder (an absolute target leaves it outright), a hard link from the archive root.
  if (type === 'SymbolicLink' && (!linkpath || escapes(linkpath.startsWith('/') ? linkpath : posix.join(posix.dirname(path), linkpath)))) {
    return `symlink to ${linkpath} leaves the folder`;
  }
  if (type === 'Link' && (!linkpath || escapes(linkpath))) return `hard link to ${linkpath} leaves the folder`;
  return undefined;
}

/** Extracts `archive` into the existing folder `dest`, or throws E_FETCH naming the offending entries. */
export async function extractTarGz(archive: string, dest: string, id: string): Promise<void> {
  const bad: string[] = [];
  await tar
    .list({
      file: archive,
      strict: true,
      onReadEntry: (e) => {
        const reason = unsafeEntryReason(e.path, e.type, e.linkpath);
        if (reason) bad.push(`${JSON.stringify(e.path)} (${reason})`);
      },
    })
    .catch((e: unknown) => {
      // The file matched the manifest's sha256, so the bytes are what the manifest lists: the entry is wrong.
      const code = (e as { code?: string }).code;
      throw new DnnperfError(
        'E_FETCH',
        `archive ${archive} of model ${id} is not a readable .tar.gz (${code ? `${code}: ` : ''}${errorMessage(e)}): its manifest entry declares an archive for a file that is none; fix that entry's modelPath or archive field, or fetch from another --mirror`,
      );
    });
  if (bad.length > 0) {
    throw new DnnperfError(
      'E_FETCH',
      `archive ${archive} of model ${id} has entries that would be written outside its folder: ${bad.slice(0, 3).join(', ')}${bad.length > 3 ? ` and ${bad.length - 3} more` : ''}; the bundle was refused and nothing extracted: fetch from a trusted mirror (--mirror <url>) or run a local copy with \`dnnperf run --model <path>\``,
    );
  }
  await tar.extract({
    file: archive,
    cwd: dest,
    strict: true,
    filter: (path, e) => 'type' in e && unsafeEntryReason(path, e.type, e.linkpath) === undefined,
  });
}
