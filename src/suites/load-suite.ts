/** Finds and validates a suite: a name (`suites/<name>.json` in the package) or a path. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DnnperfError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { suiteSchema, type Suite } from './schema.js';

export const DEFAULT_SUITE = 'default';
/** The suite name of runs made from --model files alone: no suite file, ort:cpu at batch 1, the default threshold. */
export const ADHOC_SUITE = 'adhoc';

export function suitePath(nameOrPath: string): string {
  if (nameOrPath.endsWith('.json') || nameOrPath.includes('/')) return nameOrPath;
  return join(packageRoot(), 'suites', `${nameOrPath}.json`);
}

export function loadSuite(nameOrPath: string): Suite {
  const file = suitePath(nameOrPath);
  if (!existsSync(file)) {
    throw new DnnperfError('E_SUITE', `suite '${nameOrPath}' not found (looked for ${file}): give a suite name from suites/ or a path to a suite .json`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new DnnperfError('E_SUITE', `suite ${file} is not valid JSON (${(e as Error).message}): fix the file`);
  }
  const parsed = suiteSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DnnperfError('E_SUITE', `suite ${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}: fix the file (see suites/default.json)`);
  }
  return parsed.data;
}
