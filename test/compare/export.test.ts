import { describe, expect, it } from 'vitest';
import { changeText } from '../../src/compare/export/format.js';
import { renderJson } from '../../src/compare/export/json.js';
import { renderJunit } from '../../src/compare/export/junit.js';
import { renderMarkdown } from '../../src/compare/export/markdown.js';
import { renderTerminal } from '../../src/compare/export/terminal.js';
import { gateOutcome } from '../../src/compare/gate-outcome.js';
import { fixtureComparison } from './comparison-fixture.js';

const suspect = fixtureComparison({
  environmentSuspect: true,
  environmentSuspectReason: '3 of 4 configurations moved together (typically 1.20x slower): check the machine',
});

describe('hyperfine wording', () => {
  it('slower, faster (CI inverted), unchanged', () => {
    expect(changeText({ ratio: 1.08, ratioCiLow: 1.05, ratioCiHigh: 1.11, verdict: 'regression' })).toBe('1.08x slower [1.05, 1.11]');
    expect(changeText({ ratio: 0.8, ratioCiLow: 0.75, ratioCiHigh: (0.8 / 0.95) * 0.95, verdict: 'improvement' })).toBe('1.25x faster [1.25, 1.33]');
    expect(changeText({ ratio: 1.001, ratioCiLow: 0.98, ratioCiHigh: 1.02, verdict: 'unchanged' })).toBe('1.00x unchanged [0.98, 1.02]');
  });
});

describe('exporters', () => {
  it('terminal', () => expect(renderTerminal(fixtureComparison())).toMatchSnapshot());
  it('terminal, environment suspect', () =>
    expect(renderTerminal(suspect).split('\n').at(-2)).toBe(
      'Warning: environment suspect: 3 of 4 configurations moved together (typically 1.20x slower): check the machine',
    ));
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
      incomplete: [],
    });
  });
  it('nothing compared: exit 2, never a pass', () => {
    const c = fixtureComparison({
      configs: [],
      notComparable: [],
      onlyInBase: [],
      onlyInHead: [],
      counts: { regression: 0, improvement: 0, unchanged: 0, inconclusive: 0 },
    });
    expect(gateOutcome(c)).toMatchObject({
      status: 'nothing-compared',
      exitCode: 2,
      message:
        'nothing compared: no configuration was measured ok on both sides (both sides are empty): compare runs of the same suite and matrix, measured to the end',
    });
  });
  it('incomplete: exit 2 naming what is missing; a configuration not measured at all is not newly failing', () => {
    const c = fixtureComparison({
      configs: fixtureComparison().configs.filter((x) => x.verdict !== 'regression'),
      incomplete: [
        { side: 'head', key: 'k2', label: 'mobilenetv2-mini ort:cpu batch 8', reason: '0 of 6 planned trials measured', measuredTrials: 0, plannedTrials: 6 },
        { side: 'head', key: '', label: 'r2', reason: 'last result line cut off (results.jsonl:9): an interrupted write', measuredTrials: 0, plannedTrials: 0 },
      ],
    });
    expect(gateOutcome(c)).toEqual({
      status: 'incomplete',
      exitCode: 2,
      message:
        'gate cannot pass: 1 configuration incomplete (mobilenetv2-mini ort:cpu batch 8 (head: 0 of 6 planned trials measured)); head r2: last result line cut off (results.jsonl:9): an interrupted write; ' +
        '4 configurations compared without a regression: finish the run (dnnperf run <same flags> --run-id <id> --resume) or measure it again',
      regressions: [],
      newFailures: [],
      incomplete: ['mobilenetv2-mini ort:cpu batch 8 (head: 0 of 6 planned trials measured)'],
    });
    expect(renderJunit(c)).toMatch(/<testcase classname="dnnperf" name="incomplete" time="0.000000"><error type="incomplete" message="gate cannot pass: /);
    expect(renderTerminal(c)).toContain(
      'incomplete (planned measurements without a result):\n  head: mobilenetv2-mini ort:cpu batch 8: 0 of 6 planned trials measured\n  head: r2: last result line cut off',
    );
  });
  it('environment suspect: exit 2', () => {
    expect(gateOutcome(suspect)).toMatchObject({
      status: 'environment-suspect',
      exitCode: 2,
      message: 'environment suspect: 3 of 4 configurations moved together (typically 1.20x slower): check the machine',
    });
  });
  it('pass: exit 0; unavailable in head is not a failure', () => {
    const c = fixtureComparison({
      configs: fixtureComparison().configs.filter((x) => x.verdict !== 'regression'),
      notComparable: [{ key: 'k', label: 'x', reason: 'head unavailable: no CUDA', baseStatus: 'ok', headStatus: 'unavailable' }],
    });
    expect(gateOutcome(c)).toMatchObject({ status: 'pass', exitCode: 0, message: 'gate passed: 4 configurations compared, no regression past the threshold' });
  });
});
