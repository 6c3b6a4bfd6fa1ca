import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareSides } from '../../src/compare/compare.js';
import { renderJson } from '../../src/compare/export/json.js';
import { readComparison } from '../../src/compare/read-comparison.js';
import { sideFromRun } from '../../src/compare/side.js';
import { defaultThresholds } from '../../src/compare/thresholds.js';
import { tempDir } from '../helpers/tmp.js';
import { suiteRun } from './fixtures.js';

describe('readComparison', () => {
  it('reads back what compare --json-file writes', () => {
    const c = compareSides(sideFromRun(suiteRun('base', 1, 6)), sideFromRun(suiteRun('head', 2, 6, (m) => (m === 'mlp-mini' ? 1.2 : 1))), {
      thresholds: defaultThresholds(),
    });
    const file = join(tempDir(), 'cmp.json');
    writeFileSync(file, renderJson(c));
    expect(readComparison(file)).toEqual(JSON.parse(JSON.stringify(c)));
  });

  it('names the file, the first wrong field and the fix when it holds no comparison', () => {
    const file = join(tempDir(), 'other.json');
    writeFileSync(file, '{"runId": "x"}');
    expect(() => readComparison(file)).toThrow(
      /other\.json: does not match the comparison schema \(comparison: .*\): give the file written by `dnnperf compare\|gate --json-file <file>`$/,
    );
    expect(() => readComparison(join(tempDir(), 'nope.json'))).toThrow(/does not exist/);
  });
});
