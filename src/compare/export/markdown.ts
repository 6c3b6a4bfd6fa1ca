/** The comparison as GitHub-flavoured markdown, for a PR comment or `$GITHUB_STEP_SUMMARY`. */
import { configLabel } from '../../results/config-label.js';
import type { Comparison } from '../types.js';
import { changeText, countsText, coverageLines, distinctNotes, incompleteItems, mdeText, sequentialText, sideValue } from './format.js';

const VERDICT = { regression: '**regression**', improvement: 'improvement', unchanged: 'unchanged', inconclusive: 'inconclusive' } as const;

/** Pipes and newlines would break a table cell. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(c: Comparison): string {
  const out = [`## dnnperf: ${cell(c.head.label)} vs ${cell(c.base.label)}`, ''];
  if (c.environmentSuspect) out.push(`> [!WARNING]`, `> Environment suspect: ${cell(c.environmentSuspectReason ?? '')}`, '');
  out.push(`${countsText(c.counts)}. Threshold ${c.thresholdPct}%, ${c.correction}.`, '');
  const seq = sequentialText(c);
  if (seq) out.push(`${cell(seq)}.`, '');
  if (c.configs.length > 0) {
    out.push('| configuration | base | head | change [95% CI] | p (adj) | MDE | verdict |', '| --- | ---: | ---: | --- | ---: | ---: | --- |');
    for (const x of c.configs) {
      const p = x.pAdjusted < 0.001 ? '<0.001' : x.pAdjusted.toFixed(3);
      out.push(
        `| ${cell(configLabel(x))} | ${sideValue(x, 'base')} | ${sideValue(x, 'head')} | ${changeText(x)} | ${p} | ${mdeText(x)} | ${VERDICT[x.verdict]} |`,
      );
    }
    out.push('');
  }
  const listed: Array<[string, Array<{ label: string; reason?: string }>]> = [
    ['Incomplete (planned measurements without a result)', incompleteItems(c)],
    ['Not comparable', c.notComparable],
    [`Only in ${c.base.label}`, c.onlyInBase],
    [`Only in ${c.head.label}`, c.onlyInHead],
  ];
  for (const [title, items] of listed) {
    if (items.length > 0) out.push(`### ${cell(title)}`, '', ...items.map((i) => `- ${cell(i.label)}${i.reason ? `: ${cell(i.reason)}` : ''}`), '');
  }
  if (c.environmentDiffs.length > 0) {
    out.push('### Environment differences', '', '| field | base | head |', '| --- | --- | --- |');
    out.push(...c.environmentDiffs.map((d) => `| ${cell(d.field)} | ${cell(d.base)} | ${cell(d.head)} |`), '');
  }
  const coverage = coverageLines(c);
  if (coverage.length > 0)
    out.push(
      '### Coverage',
      '',
      'MDE: the smallest slowdown each configuration would flag with 95% power at the spread of per-process medians measured.',
      '',
      ...coverage.map((l) => `- ${cell(l)}`),
      '',
    );
  const notes = distinctNotes(c.configs);
  if (notes.length > 0) out.push('### Notes', '', ...notes.map((n) => `- ${cell(n)}`), '');
  return `${out.join('\n')}`;
}
