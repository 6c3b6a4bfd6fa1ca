import { randomBytes } from 'node:crypto';
import { DnnperfError } from '../errors.js';

/** `20261125-013000-default-3f9a`: sorts by time, names the suite, unique per run. */
export function newRunId(suite: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const safeSuite = suite.replace(/[^a-zA-Z0-9_-]+/g, '-').slice(0, 40);
  return `${stamp}-${safeSuite}-${randomBytes(2).toString('hex')}`;
}

/** A plain folder name: letters, digits, `.`, `_`, `-`, starting with a letter or digit (so never `.` or `..`). */
const RUN_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Refuses a run id that is not a plain name: `..`, `a/b` or `.` would write outside or over the output folder. */
export function assertRunId(id: string, flag = '--run-id'): string {
  if (!RUN_ID_RE.test(id)) {
    throw new DnnperfError(
      'E_BAD_ARGUMENT',
      `${flag} ${JSON.stringify(id)} is not a plain name: use letters, digits, '.', '_' and '-' (starting with a letter or digit, at most 128), e.g. ${flag} nightly-42`,
    );
  }
  return id;
}
