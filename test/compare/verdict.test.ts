import { describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/compare/drift-guard.js';
import { diffEnvironments } from '../../src/compare/environment-diff.js';
import { stableStringify } from '../../src/compare/stable-json.js';
import { thresholdFor, thresholdsFromSuite } from '../../src/compare/thresholds.js';
import { verdictFor } from '../../src/compare/verdict.js';
import { makeConfig, makeEnv } from './fixtures.js';

describe('verdictFor (threshold 5%: band [0.952, 1.05])', () => {
  const v = (ratio: number, ciLow: number, ciHigh: number, pAdjusted: number) => verdictFor({ ratio, ciLow, ciHigh, pAdjusted, thresholdPct: 5 });
  it.each([
    ['regression: significant, CI above 1, ratio past the threshold', 1.1, 1.04, 1.16, 0.01, 'regression'],
    ['not a regression when not significant', 1.1, 1.04, 1.16, 0.06, 'inconclusive'],
    ['not a regression when the CI reaches 1', 1.1, 1.0, 1.16, 0.01, 'inconclusive'],
    ['significant but under the threshold, CI inside the band', 1.03, 1.01, 1.045, 0.001, 'unchanged'],
    ['significant, under the threshold, CI past the band', 1.04, 1.01, 1.07, 0.001, 'inconclusive'],
    ['improvement mirrors regression', 0.9, 0.85, 0.96, 0.01, 'improvement'],
    ['unchanged: CI inside the band', 1.0, 0.97, 1.03, 0.9, 'unchanged'],
    ['inconclusive: wide CI', 1.0, 0.9, 1.1, 0.9, 'inconclusive'],
  ] as const)('%s', (_, ratio, lo, hi, p, expected) => expect(v(ratio, lo, hi, p)).toBe(expected));
});

describe('detectDrift', () => {
  const at = (...ratios: number[]) => ratios.map((ratio) => ({ ratio, thresholdPct: 5 }));
  it('flags >= 75% and >= 3 moving the same way', () => {
    expect(detectDrift(at(1.2, 1.2, 1.25, 1.0))).toMatch(/^3 of 4 configurations moved together \(typically 1\.20x slower\)/);
    expect(detectDrift(at(0.8, 0.8, 0.8))).toMatch(/typically 1\.25x faster/);
  });
  it('leaves mixed or small moves alone', () => {
    expect(detectDrift(at(1.2, 1.2, 1.0, 1.0))).toBeUndefined();
    expect(detectDrift(at(1.2, 1.2))).toBeUndefined();
    expect(detectDrift(at(1.2, 1.2, 0.8, 0.8))).toBeUndefined();
    expect(detectDrift(at(1.04, 1.04, 1.04))).toBeUndefined();
  });
});

describe('thresholds from a suite', () => {
  const policy = thresholdsFromSuite({
    name: 's',
    backends: ['ort:cpu'],
    batches: [1],
    thresholdPct: 7,
    models: [{ builtin: 'mlp-mini', thresholdPct: 12 }, { path: './nets/det.onnx', thresholdPct: 20 }, { builtin: 'resnet-mini' }],
  });
  it('per model, else per suite', () => {
    expect(thresholdFor(policy, makeConfig({ model: 'mlp-mini' }))).toBe(12);
    expect(thresholdFor(policy, makeConfig({ model: 'det' }))).toBe(20);
    expect(thresholdFor(policy, makeConfig({ model: 'det.onnx' }))).toBe(20);
    expect(thresholdFor(policy, makeConfig({ model: 'resnet-mini' }))).toBe(7);
  });
});

describe('diffEnvironments', () => {
  it('lists changed governor, driver and extra fields', () => {
    const base = makeEnv({ gpus: [{ index: 0, name: 'H100', driver: '550.1' }], extra: { cuda: '12.4' } });
    const head = makeEnv({ cpu: { model: 'Test CPU @ 3.0GHz', cores: 2 }, gpus: [{ index: 0, name: 'H100', driver: '560.2' }], extra: { cuda: '12.6' } });
    expect(diffEnvironments(base, head)).toEqual([
      { field: 'cpu.governor', base: 'performance', head: '(none)' },
      { field: 'gpus.0.driver', base: '550.1', head: '560.2' },
      { field: 'extra.cuda', base: '12.4', head: '12.6' },
    ]);
  });
});

describe('stableStringify', () => {
  it('sorts keys, inlines number arrays, drops undefined', () => {
    expect(stableStringify({ b: [1, 2], a: { d: undefined, c: 'x' }, e: [{ z: 1 }] })).toBe(
      '{\n  "a": {\n    "c": "x"\n  },\n  "b": [1, 2],\n  "e": [\n    {\n      "z": 1\n    }\n  ]\n}',
    );
    expect(stableStringify({ b: 1, a: [] }, 0)).toBe('{"a":[],"b":1}');
  });
});
