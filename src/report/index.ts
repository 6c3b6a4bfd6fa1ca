/**
 * `renderReport`: one or more run folders (and optionally a comparison) -> report.html,
 * charts/*.svg and *.png, summary.md. The lead's `run` calls it at the end; `report` calls it.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import type { Spec as VegaSpec } from 'vega';
import type { Comparison } from '../compare/types.js';
import { DnnperfError, errorMessage } from '../errors.js';
import { writeFileAtomic } from '../file-io.js';
import { makeFolder } from '../fs/make-folder.js';
import { checkOutputFolder } from '../fs/output-path.js';
import { type Chart, skipped } from './charts/chart.js';
import { CHARTS } from './charts/index.js';
import { compileChart } from './compile.js';
import { renderHtml } from './html.js';
import { renderPng } from './render-png.js';
import { renderSvg } from './render-svg.js';
import { loadReportData } from './report-data.js';
import { renderSummary } from './summary.js';

export interface ReportOptions {
  /** Where to write. Default: the run's own folder for one run; `combined-<id>+<id>` beside the first run for several. */
  outDir?: string;
  /** A comparison to chart (ratios, CIs, verdicts). Default: none, the comparison chart is skipped. */
  comparison?: Comparison;
}

export interface ReportFiles {
  htmlPath: string;
  svgPaths: string[];
  pngPaths: string[];
  summaryPath: string;
  /** Charts this report has no data for: `<chart id>: <why>`. */
  skipped: string[];
}

export const HTML_FILE = 'report.html';
export const SUMMARY_FILE = 'summary.md';
export const CHARTS_DIR = 'charts';

function vegaRuntime(): string {
  // vega's package exports only its ES module; the browser build sits beside it.
  const modulePath = createRequire(import.meta.url).resolve('vega');
  return readFileSync(join(dirname(modulePath), 'vega.min.js'), 'utf8');
}

function defaultOutDir(runDirs: string[]): string {
  if (runDirs.length === 1) return runDirs[0]!;
  return join(dirname(resolve(runDirs[0]!)), `combined-${runDirs.map((d) => basename(resolve(d))).join('+')}`);
}

export async function renderReport(runDirs: string[], options: ReportOptions = {}): Promise<ReportFiles> {
  if (runDirs.length === 0) throw new DnnperfError('E_BAD_ARGUMENT', 'report: no run folder given: pass one or more reports/<run-id> folders');
  const data = loadReportData(runDirs, options.comparison);
  const outDir = options.outDir ?? defaultOutDir(runDirs);
  const chartsDir = join(outDir, CHARTS_DIR);
  checkOutputFolder(outDir, options.outDir === undefined ? 'report folder' : '--out');
  makeFolder(chartsDir);

  const charts: Chart[] = [];
  const vegaSpecs: Record<string, VegaSpec> = {};
  const svgPaths: string[] = [];
  const pngPaths: string[] = [];
  for (const chartFn of CHARTS) {
    let chart = chartFn(data);
    const svgPath = join(chartsDir, `${chart.id}.svg`);
    const pngPath = join(chartsDir, `${chart.id}.png`);
    if (chart.kind === 'chart') {
      try {
        const vegaSpec = compileChart(chart.spec);
        const svg = await renderSvg(vegaSpec);
        writeFileAtomic(svgPath, svg);
        writeFileSync(pngPath, renderPng(svg));
        vegaSpecs[chart.id] = vegaSpec;
        svgPaths.push(svgPath);
        pngPaths.push(pngPath);
      } catch (e) {
        // One chart that cannot be drawn must not cost the reader the rest of the report.
        chart = skipped(chart.id, chart.title, `could not be drawn: ${errorMessage(e)}`);
      }
    }
    if (chart.kind === 'skipped') {
      // A re-render must not leave an earlier render's image of a chart that no longer has data.
      for (const stale of [svgPath, pngPath]) if (existsSync(stale)) rmSync(stale);
    }
    charts.push(chart);
  }

  const htmlPath = join(outDir, HTML_FILE);
  writeFileAtomic(htmlPath, renderHtml({ data, charts, vegaSpecs, vegaRuntime: vegaRuntime() }));
  const summaryPath = join(outDir, SUMMARY_FILE);
  writeFileAtomic(summaryPath, renderSummary(data, charts));
  return {
    htmlPath,
    svgPaths,
    pngPaths,
    summaryPath,
    skipped: charts.flatMap((c) => (c.kind === 'skipped' ? [`${c.id}: ${c.reason}`] : [])),
  };
}
