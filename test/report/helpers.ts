/** Fixture access for the report tests (fixtures/generate.ts writes the fixtures). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Comparison } from '../../src/compare/types.js';
import { buildReportData, type ReportData } from '../../src/report/report-data.js';
import { readRun } from '../../src/results/run-files.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const fixtureDir = (name: 'full' | 'empty' | 'partial'): string => join(FIXTURES, name);

export function fixtureComparison(): Comparison {
  return JSON.parse(readFileSync(join(FIXTURES, 'comparison.json'), 'utf8')) as Comparison;
}

export function fixtureData(name: 'full' | 'empty' | 'partial' = 'full', comparison?: Comparison): ReportData {
  return buildReportData([readRun(fixtureDir(name))], comparison);
}
