import { randomBytes } from 'node:crypto';

/** `20261125-013000-default-3f9a`: sorts by time, names the suite, unique per run. */
export function newRunId(suite: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const safeSuite = suite.replace(/[^a-zA-Z0-9_-]+/g, '-').slice(0, 40);
  return `${stamp}-${safeSuite}-${randomBytes(2).toString('hex')}`;
}
