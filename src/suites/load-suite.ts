/** Finds and validates a suite: a name (`suites/<name>.json` in the package) or a path. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DnnperfError } from '../errors.js';
import { readJson } from '../file-io.js';
import { packageRoot } from '../package-root.js';
import { type Suite, suiteSchema } from './schema.js';

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
  return readJson(file, suiteSchema, { what: 'suite', code: 'E_SUITE', fix: 'fix the file (see suites/default.json)' });
}
