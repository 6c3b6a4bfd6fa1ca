/** Reads a comparison written by `compare|gate --json-file` (or `--json`), for the report's comparison chart. */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { DnnperfError } from '../errors.js';
import { readJson } from '../file-io.js';
import { type Comparison, comparisonSchema } from './types.js';

const FIX = 'give the file written by `dnnperf compare|gate --json-file <file>`';
/** The file holds the comparison beside its gate outcome (export/json.ts). */
const comparisonFileSchema = z.object({ comparison: comparisonSchema });

export function readComparison(path: string): Comparison {
  if (!existsSync(path)) throw new DnnperfError('E_RESULTS', `comparison file ${path} does not exist: ${FIX}`);
  return readJson(path, comparisonFileSchema, { what: 'comparison', code: 'E_RESULTS', fix: FIX }).comparison;
}
