import { describe, expect, it } from 'vitest';
import { readRun } from '../../src/results/run-files.js';
import { fixtureDir } from './helpers.js';

describe('report fixtures match the results schema', () => {
  it('full: 13 planned, every result valid', () => {
    const run = readRun(fixtureDir('full'));
    expect(run.manifest.configurations).toHaveLength(13);
    expect(run.results.map((r) => r.status).sort()).toEqual([...Array(11).fill('ok'), 'failed', 'unavailable'].sort());
    expect(run.warnings).toEqual([]);
  });

  it('empty: no results file is a warning', () => {
    const run = readRun(fixtureDir('empty'));
    expect(run.results).toEqual([]);
    expect(run.warnings).toHaveLength(1);
    expect(run.warnings[0]).toMatch(/missing: the run measured nothing/);
  });

  it('partial: the cut-off last line is a warning, the first result is kept', () => {
    const run = readRun(fixtureDir('partial'));
    expect(run.results).toHaveLength(1);
    expect(run.warnings[0]).toMatch(/:2: last line cut off \(interrupted run\)/);
  });
});
