/**
 * The self-contained report page: vega's browser build inlined, each chart's compiled
 * vega spec drawn in the page as SVG, its table of exact numbers beside it. No network:
 * it works from file:// offline.
 */
import type { Spec as VegaSpec } from 'vega';
import { budgetSection } from './budget-section.js';
import type { Cell, Chart, DrawnChart, SkippedChart, Table } from './charts/chart.js';
import { detailSections } from './details.js';
import { environmentTable } from './environment.js';
import { FONT_FAMILY } from './font.js';
import { formatCell } from './format.js';
import { problemSections, statusTable } from './problems.js';
import type { ReportData } from './report-data.js';

export interface PageInput {
  data: ReportData;
  charts: Chart[];
  /** Compiled vega spec per drawn chart id. */
  vegaSpecs: Record<string, VegaSpec>;
  /** vega's minified browser build (node_modules/vega/build/vega.min.js). */
  vegaRuntime: string;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JSON safe inside <script>: no `</script>`, no HTML comment openers, no JS line separators. */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** Numbers right-aligned; long prose (reasons, warnings) wraps, short labels never break at their hyphens. */
function cellClass(c: Cell): string {
  if (typeof c === 'number') return ' class="num"';
  return typeof c === 'string' && c.length > 60 ? ' class="prose"' : '';
}

function tableHtml(t: Table): string {
  const head = t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td${cellClass(c)}>${escapeHtml(formatCell(c))}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function chartHtml(c: DrawnChart): string {
  // No heading: the chart draws its own title.
  return `<section class="chart-block" id="chart-${c.id}">
<div class="row">
<div class="chart" data-chart="${c.id}" role="img" aria-label="${escapeHtml(c.title)}"></div>
<div class="numbers">${tableHtml(c.table)}
<p class="files"><a href="charts/${c.id}.svg">SVG</a> · <a href="charts/${c.id}.png">PNG</a></p></div>
</div>
</section>`;
}

// Draws every chart; marks each as rendered or failed so a test (or a reader) can tell.
const PAGE_SCRIPT = `(async () => {
  const specs = JSON.parse(document.getElementById('dnnperf-specs').textContent);
  for (const el of document.querySelectorAll('[data-chart]')) {
    try {
      const view = new vega.View(vega.parse(specs[el.dataset.chart]), { renderer: 'svg', container: el, hover: true });
      await view.runAsync();
      el.dataset.state = 'rendered';
    } catch (e) {
      el.dataset.state = 'failed';
      el.textContent = 'This chart could not be drawn here (' + e.message + '); charts/' + el.dataset.chart + '.svg has it.';
      console.error(e);
    }
  }
  document.body.dataset.charts = 'done';
})();`;

const STYLE = `
body { font-family: "${FONT_FAMILY}", Verdana, sans-serif; margin: 24px; color: #222; }
h1 { font-weight: normal; margin-bottom: 4px; }
h2 { font-weight: normal; font-size: 1.2em; margin: 28px 0 8px; }
.chart-block { margin-top: 32px; }
.row { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.chart { overflow-x: auto; max-width: 100%; }
.numbers { max-height: 520px; overflow: auto; flex: 1 1 420px; }
table { border-collapse: collapse; font-size: 12px; }
th, td { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; white-space: nowrap; }
th { background: #f4f4f4; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.prose { white-space: normal; min-width: 24em; max-width: 60em; }
.problems h3 { font-weight: normal; font-size: 1em; margin: 16px 0 4px; color: #a00; }
.files { font-size: 12px; }
.note { color: #555; }
`;

export function renderHtml(input: PageInput): string {
  const { data, charts } = input;
  const runIds = data.runs.map((r) => r.manifest.runId).join(', ');
  const problems = problemSections(data);
  const skipped = charts.filter((c): c is SkippedChart => c.kind === 'skipped');
  const drawn = charts.filter((c): c is DrawnChart => c.kind === 'chart');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dnnperf report: ${escapeHtml(runIds)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>dnnperf report</h1>
<p class="note">Runs ${escapeHtml(runIds)}. Latencies are per inference call (a whole batch), in milliseconds.</p>
<noscript><p>The charts are drawn by JavaScript; the same charts are in charts/*.svg and charts/*.png beside this page.</p></noscript>
<h2>Environment</h2>
${tableHtml(environmentTable(data))}
<h2>Configurations</h2>
${tableHtml(statusTable(data))}
${detailSections(data)
  .map((s) => `<h2>${escapeHtml(s.heading)}</h2>\n${tableHtml(s.table)}`)
  .join('\n')}
${budgetSection(data)
  .map((b) => `<h2>${escapeHtml(b.heading)}</h2>\n<p class="note">${escapeHtml(b.text)}</p>\n${tableHtml(b.table)}`)
  .join('\n')}
${drawn.length === 0 ? '<p class="note">Nothing finished, so there is nothing to chart: see the problems below.</p>' : ''}
${problems.length > 0 ? `<section class="problems"><h2>Problems</h2>\n${problems.map((s) => `<h3>${escapeHtml(s.heading)}</h3>\n${tableHtml(s.table)}`).join('\n')}</section>` : ''}
${drawn.map(chartHtml).join('\n')}
${skipped.length > 0 ? `<h2>Charts not drawn</h2>\n<ul>${skipped.map((c) => `<li>${escapeHtml(c.title)}: ${escapeHtml(c.reason)}</li>`).join('\n')}</ul>` : ''}
<script>${input.vegaRuntime}</script>
<script type="application/json" id="dnnperf-specs">${scriptJson(input.vegaSpecs)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
