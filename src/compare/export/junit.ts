/**
 * The comparison as JUnit XML, which every CI system displays: one testcase per
 * configuration, regressions and newly failing configurations as failures, the rest passed
 * or skipped. When the environment is suspect the configurations are not judged (skipped)
 * and one `environment` testcase carries the error, so CI shows one problem, not N; an
 * incomplete run or an empty comparison is one errored testcase as well.
 */
import { configLabel } from '../../results/config-label.js';
import { gateOutcome, newFailures } from '../gate-outcome.js';
import type { Comparison } from '../types.js';
import { changeText, mdeText } from './format.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Case {
  name: string;
  timeS: number;
  body?: string;
  failed?: boolean;
  skipped?: boolean;
  errored?: boolean;
}

export function renderJunit(c: Comparison): string {
  const failing = new Set(newFailures(c).map((n) => n.key));
  const cases: Case[] = c.configs.map((x) => {
    const name = configLabel(x);
    const timeS = x.headMedianMs / 1000;
    const what = `${changeText(x)}, threshold ${x.thresholdPct}%, p (adj) ${x.pAdjusted.toPrecision(3)}, MDE ${mdeText(x)}`;
    if (x.verdict !== 'regression')
      return { name, timeS, ...(x.verdict === 'inconclusive' ? { body: `<system-out>${esc(`inconclusive: ${what}`)}</system-out>` } : {}) };
    if (c.environmentSuspect) return { name, timeS, skipped: true, body: `<skipped message="${esc(`not judged (environment suspect): ${what}`)}"/>` };
    return { name, timeS, failed: true, body: `<failure type="regression" message="${esc(what)}">${esc([what, ...x.notes].join('\n'))}</failure>` };
  });
  for (const n of c.notComparable) {
    cases.push(
      failing.has(n.key)
        ? { name: n.label, timeS: 0, failed: true, body: `<failure type="failed" message="${esc(n.reason)}"/>` }
        : { name: n.label, timeS: 0, skipped: true, body: `<skipped message="${esc(`not comparable: ${n.reason}`)}"/>` },
    );
  }
  for (const [side, items] of [
    [c.base.label, c.onlyInBase],
    [c.head.label, c.onlyInHead],
  ] as const) {
    for (const i of items) cases.push({ name: i.label, timeS: 0, skipped: true, body: `<skipped message="${esc(`only in ${side}`)}"/>` });
  }
  if (c.environmentSuspect) {
    cases.push({
      name: 'environment',
      timeS: 0,
      errored: true,
      body: `<error type="environment-suspect" message="${esc(c.environmentSuspectReason ?? '')}"/>`,
    });
  }
  // What was not measured, or nothing compared at all, is an error of the run, not a pass.
  const outcome = gateOutcome(c);
  if (outcome.status === 'incomplete' || outcome.status === 'nothing-compared') {
    cases.push({ name: outcome.status, timeS: 0, errored: true, body: `<error type="${outcome.status}" message="${esc(outcome.message)}"/>` });
  }
  const count = (f: (k: Case) => boolean | undefined) => cases.filter(f).length;
  const suiteName = esc(`dnnperf ${c.head.label} vs ${c.base.label}`);
  const attrs = `tests="${cases.length}" failures="${count((k) => k.failed)}" errors="${count((k) => k.errored)}" skipped="${count((k) => k.skipped)}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="dnnperf" ${attrs}>`,
    `  <testsuite name="${suiteName}" ${attrs}>`,
    ...cases.map((k) =>
      k.body
        ? `    <testcase classname="dnnperf" name="${esc(k.name)}" time="${k.timeS.toFixed(6)}">${k.body}</testcase>`
        : `    <testcase classname="dnnperf" name="${esc(k.name)}" time="${k.timeS.toFixed(6)}"/>`,
    ),
    '  </testsuite>',
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}
