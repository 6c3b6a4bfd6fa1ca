/** The comparison as a plain-text table for the terminal (no colour codes: safe off a TTY and with NO_COLOR). */
import { configLabel } from '../../results/config-label.js';
import type { Comparison } from '../types.js';
import { changeText, countsText, coverageLines, distinctNotes, incompleteItems, mdeText, sequentialText, sideValue } from './format.js';

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `  ${r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}`.trimEnd());
}

export function renderTerminal(c: Comparison): string {
  const lines = [`${c.head.label} vs ${c.base.label}: threshold ${c.thresholdPct}%, ${c.correction}`, ''];
  if (c.configs.length > 0) {
    const header = ['configuration', 'base', 'head', 'change [95% CI]', 'p (adj)', 'MDE', 'verdict'];
    const rows = c.configs.map((x) => [
      configLabel(x),
      sideValue(x, 'base'),
      sideValue(x, 'head'),
      changeText(x),
      x.pAdjusted < 0.001 ? '<0.001' : x.pAdjusted.toFixed(3),
      mdeText(x),
      x.verdict === 'regression' ? 'REGRESSION' : x.verdict,
    ]);
    lines.push(...table([header, ...rows]), '');
  }
  lines.push(countsText(c.counts));
  const seq = sequentialText(c);
  if (seq) lines.push(seq);
  const coverage = coverageLines(c);
  if (coverage.length > 0) lines.push('coverage (MDE: smallest slowdown detected with 95% power):', ...coverage.map((l) => `  ${l}`));
  const listed: Array<[string, Array<{ label: string; reason?: string }>]> = [
    ['incomplete (planned measurements without a result)', incompleteItems(c)],
    ['not comparable', c.notComparable],
    [`only in ${c.base.label}`, c.onlyInBase],
    [`only in ${c.head.label}`, c.onlyInHead],
  ];
  for (const [title, items] of listed) {
    if (items.length > 0) lines.push(`${title}:`, ...items.map((i) => `  ${i.label}${i.reason ? `: ${i.reason}` : ''}`));
  }
  if (c.environmentDiffs.length > 0) lines.push('environment differences:', ...c.environmentDiffs.map((d) => `  ${d.field}: ${d.base} -> ${d.head}`));
  const notes = distinctNotes(c.configs);
  if (notes.length > 0) lines.push('notes:', ...notes.map((n) => `  ${n}`));
  if (c.environmentSuspect) lines.push(`Warning: environment suspect: ${c.environmentSuspectReason}`);
  return `${lines.join('\n')}\n`;
}
