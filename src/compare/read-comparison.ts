/** Reads a comparison written by `compare|gate --json-file` (or `--json`), for the report's comparison chart. */
import { existsSync, readFileSync } from 'node:fs';
import { DnnperfError } from '../errors.js';
import type { Comparison } from './types.js';

export function readComparison(path: string): Comparison {
  const fix = 'give the file written by `dnnperf compare|gate --json-file <file>`';
  if (!existsSync(path)) throw new DnnperfError('E_RESULTS', `comparison file ${path} does not exist: ${fix}`);
  let raw: { comparison?: Partial<Comparison> };
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DnnperfError('E_RESULTS', `comparison file ${path} is not valid JSON (${(e as Error).message}): ${fix}`);
  }
  const c = raw?.comparison;
  if (!c || !Array.isArray(c.configs) || !c.base || !c.head || typeof c.thresholdPct !== 'number') {
    throw new DnnperfError('E_RESULTS', `comparison file ${path} holds no comparison (no comparison.configs/base/head/thresholdPct): ${fix}`);
  }
  return c as Comparison;
}
