import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/compare/export/json.js';
import { renderJunit } from '../../src/compare/export/junit.js';
import { renderMarkdown } from '../../src/compare/export/markdown.js';
import { renderTerminal } from '../../src/compare/export/terminal.js';
import { changeText } from '../../src/compare/export/format.js';
import { gateOutcome } from '../../src/compare/gate-outcome.js';
import { fixtureComparison } from './comparison-fixture.js';

const suspect = fixtureComparison({ environmentSuspect: true, environmentSuspectReason: '3 of 4 configurations moved together (typically 1.20x slower): check the machine' });

describe('hyperfine wording', () => {
  it('slower, faster (CI inverted), unchanged', () => {
    expect(changeText({ ratio: 1.08, ratioCiLow: 1.05, ratioCiHigh: 1.11, verdict: 'regression' })).toBe('1.08x slower [1.05, 1.11]');
    expect(changeText({ ratio: 0.8, ratioCiLow: 0.75, ratioCiHigh: 0.8 / 0.95 * 0.95, verdict: 'improvement' })).toBe('1.25x faster [1.25, 1.33]');
    expect(changeText({ ratio: 1.001, ratioCiLow: 0.98, ratioCiHigh: 1.02, verdict: 'unchanged' })).toBe('1.00x unchanged [0.98, 1.02]');
  });
});

describe('exporters', () => {
  it('terminal', () => expect(renderTerminal(fixtureComparison())).toMatchSnapshot());
  it('terminal, environment suspect', () => expect(renderTerminal(suspect).split('\n').at(-2)).toBe('Warning: environment suspect: 3 of 4 configurations moved together (typically 1.20x slower): check the machine'));
  it('markdown', () => expect(renderMarkdown(fixtureComparison())).toMatchSnapshot());
  it('markdown, environment suspect', () => expect(renderMarkdown(suspect)).toContain('> [!WARNING]\n> Environment suspect: 3 of 4'));
  it('junit', () => expect(renderJunit(fixtureComparison())).toMatchSnapshot());
  it('junit, environment suspect: one error, regressions not judged', () => {
    const xml = renderJunit(suspect);
    expect(xml).toContain('<testsuites name="dnnperf" tests="8" failures="1" errors="1" skipped="2">');
    expect(xml).toContain('<skipped message="not judged (environment suspect): 1.08x slower [1.05, 1.11], threshold 5%, p (adj) 0.000400, MDE 6.2%"/>');
  });
  it('json carries the comparison and the gate outcome', () => {
    const parsed = JSON.parse(renderJson(fixtureComparison()));
    expect(parsed.comparison).toEqual(fixtureComparison());
    expect(parsed.gate.exitCode).toBe(1);
  });
});

describe('gateOutcome', () => {
  it('regression and newly failing: exit 1', () => {
    expect(gateOutcome(fixtureComparison())).toEqual({
      status: 'regression',
      exitCode: 1,
      message: 'gate failed: 1 regression (resnet-mini ort:cpu batch 1); 1 newly failing (mobilenetv2-mini ort:cpu batch 8)',
      regressions: ['resnet-mini ort:cpu batch 1'],
      newFailures: ['mobilenetv2-mini ort:cpu batch 8'],
    });
  });
  it('environment suspect: exit 2', () => {
    expect(gateOutcome(suspect)).toMatchObject({ status: 'environment-suspect', exitCode: 2, message: 'environment suspect: 3 of 4 configurations moved together (typically 1.20x slower): check the machine' });
  });
  it('pass: exit 0; unavailable in head is not a failure', () => {
    const c = fixtureComparison({
      configs: fixtureComparison().configs.filter((x) => x.verdict !== 'regression'),
      notComparable: [{ key: 'k', label: 'x', reason: 'head unavailable: no CUDA', baseStatus: 'ok', headStatus: 'unavailable' }],
    });
    expect(gateOutcome(c)).toMatchObject({ status: 'pass', exitCode: 0, message: 'gate passed: 4 configurations compared, no regression past the threshold' });
  });
});
