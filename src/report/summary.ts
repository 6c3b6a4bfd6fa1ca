/** summary.md: the report as markdown (for CI pages and reviews): environment, every chart's numbers, problems. */

import { budgetSection } from './budget-section.js';
import type { Chart, DrawnChart, SkippedChart, Table } from './charts/chart.js';
import { detailSections } from './details.js';
import { environmentTable } from './environment.js';
import { formatCell } from './format.js';
import { problemSections, statusTable } from './problems.js';
import type { ReportData } from './report-data.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function tableMd(t: Table): string {
  const header = `| ${t.columns.map(cell).join(' | ')} |`;
  const rule = `| ${t.columns.map(() => '---').join(' | ')} |`;
  const rows = t.rows.map((r) => `| ${r.map((c) => cell(formatCell(c))).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}

export function renderSummary(data: ReportData, charts: Chart[]): string {
  const out: string[] = [`# dnnperf report: ${data.runs.map((r) => r.manifest.runId).join(', ')}`, ''];
  out.push('## Environment', '', tableMd(environmentTable(data)), '');
  out.push('## Configurations', '', tableMd(statusTable(data)), '');
  for (const s of detailSections(data)) out.push(`## ${s.heading}`, '', tableMd(s.table), '');
  for (const b of budgetSection(data)) out.push(`## ${b.heading}`, '', b.text, '', tableMd(b.table), '');
  const problems = problemSections(data);
  if (problems.length > 0) {
    out.push('## Problems', '');
    for (const s of problems) out.push(`### ${s.heading}`, '', tableMd(s.table), '');
  }
  for (const c of charts.filter((c): c is DrawnChart => c.kind === 'chart')) {
    out.push(`## ${c.title}`, '', `![${c.title}](charts/${c.id}.png)`, '', tableMd(c.table), '');
  }
  const skipped = charts.filter((c): c is SkippedChart => c.kind === 'skipped');
  if (skipped.length > 0) {
    out.push('## Charts not drawn', '', ...skipped.map((c) => `- ${c.title}: ${c.reason}`), '');
  }
  return out.join('\n');
}
