import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReportFiles, renderReport } from '../../src/report/index.js';
import { fixtureComparison, fixtureDir } from './helpers.js';

const ALL = ['comparison', 'latency', 'batch-scaling', 'distribution', 'cold-start', 'fp16', 'accuracy', 'layers-top', 'layers-op-share'];
/** The throughput charts (after batch-scaling in page order) need a concurrency sweep, which the fixtures have not. */
const THROUGHPUT_SKIPPED = [
  'throughput-latency: no configuration has a throughput point (measure a concurrency sweep, e.g. --concurrency 1,2,4,8)',
  'load-timeline: no configuration kept several requests in flight (measure a concurrency sweep, e.g. --concurrency 1,2,4,8)',
];
const PAGE_ORDER = [...ALL.slice(0, 3), 'throughput-latency', 'load-timeline', ...ALL.slice(3)];
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'dnnperf-report-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('renderReport on a full run with a comparison', () => {
  let files: ReportFiles;
  let html: string;
  beforeAll(async () => {
    files = await renderReport([fixtureDir('full')], { outDir: join(tmp, 'full'), comparison: fixtureComparison() });
    html = readFileSync(files.htmlPath, 'utf8');
  });

  it('writes every chart as SVG and PNG, report.html and summary.md', () => {
    expect(files.skipped).toEqual(THROUGHPUT_SKIPPED);
    expect(files.svgPaths).toEqual(ALL.map((id) => join(tmp, 'full', 'charts', `${id}.svg`)));
    expect(files.pngPaths).toEqual(ALL.map((id) => join(tmp, 'full', 'charts', `${id}.png`)));
    for (const p of [...files.svgPaths, ...files.pngPaths, files.htmlPath, files.summaryPath]) expect(existsSync(p)).toBe(true);
    expect(files.htmlPath).toBe(join(tmp, 'full', 'report.html'));
  });

  it('the page is self-contained: vega inlined, no external resource', () => {
    expect(html).toContain('<script>!function(t,e){"object"==typeof exports');
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/i);
    for (const id of ALL) expect(html).toContain(`data-chart="${id}"`);
    const specs = JSON.parse(/<script type="application\/json" id="dnnperf-specs">(.*?)<\/script>/s.exec(html)![1]!);
    expect(Object.keys(specs)).toEqual(ALL);
  });

  it('each chart has its exact numbers beside it, and the problems are listed', () => {
    expect(html).toContain('<td class="num">2.4527</td>');
    expect(html).toContain('CUDA failure 2: out of memory');
    expect(html).toContain('TensorrtExecutionProvider is not in this onnxruntime-node build');
    expect(html).toContain('Noisy measurements');
    expect(html).toContain('Fallbacks (work that ran on another backend than requested)');
  });

  it("summary.md has the environment, each chart's table and the failures", () => {
    const md = readFileSync(files.summaryPath, 'utf8');
    expect(md).toContain('| CPU | Fixture CPU @ 2.0GHz, 16 cores |');
    expect(md).toContain('![Median latency by model and backend/target (ms, 95% CI)](charts/latency.png)');
    expect(md).toContain('| resnet-mini | ort:cpu | 1 | 2.4527 | 2.4324 | 2.4735 | 40 | yes |');
    expect(md).toContain('| fixture-full | mlp-mini ort:cuda/fp16 batch 4 | failed | create | CUDA failure 2: out of memory |');
    expect(md).toContain('| resnet-mini ort:cuda batch 1 | ort:cuda | ort:cuda | 1 | – |  |');
  });

  it('a re-render without the comparison removes the stale comparison images', async () => {
    const again = await renderReport([fixtureDir('full')], { outDir: join(tmp, 'full') });
    expect(again.skipped).toEqual(['comparison: no comparison given (dnnperf compare <base> <head>, or gate, produces one)', ...THROUGHPUT_SKIPPED]);
    expect(existsSync(join(tmp, 'full', 'charts', 'comparison.svg'))).toBe(false);
    expect(existsSync(join(tmp, 'full', 'charts', 'comparison.png'))).toBe(false);
  });
});

describe('renderReport on bad input still renders and says what is missing', () => {
  it('no results at all: every chart skipped, the page says why', async () => {
    const files = await renderReport([fixtureDir('empty')], { outDir: join(tmp, 'empty') });
    expect(files.svgPaths).toEqual([]);
    expect(files.skipped).toEqual([
      'comparison: no comparison given (dnnperf compare <base> <head>, or gate, produces one)',
      ...PAGE_ORDER.slice(1).map((id) => `${id}: no configuration finished with status ok`),
    ]);
    const html = readFileSync(files.htmlPath, 'utf8');
    expect(html).toContain('Nothing finished, so there is nothing to chart');
    expect(html).toContain('Missing results (planned, never written: the run was interrupted or is still going)');
    expect(html).toContain('results.jsonl: missing: the run measured nothing');
    expect(readFileSync(files.summaryPath, 'utf8')).toContain('## Charts not drawn');
  });

  it('an interrupted run: the finished result is charted, the cut line and the missing configurations are reported', async () => {
    const files = await renderReport([fixtureDir('partial')], { outDir: join(tmp, 'partial') });
    expect(files.svgPaths.map((p) => p.split('/').at(-1))).toEqual([
      'latency.svg',
      'distribution.svg',
      'cold-start.svg',
      'layers-top.svg',
      'layers-op-share.svg',
    ]);
    const md = readFileSync(files.summaryPath, 'utf8');
    expect(md).toContain('| fixture-partial | 3 | 1 | 0 | 0 | 2 |');
    expect(md).toMatch(/results\.jsonl:2: last line cut off \(interrupted run\): ignored/);
    expect(md).toContain('| fixture-partial | resnet-mini ort:cuda batch 1 |');
  });

  it('writes into the run folder by default', async () => {
    const dir = join(tmp, 'copy');
    cpSync(fixtureDir('partial'), dir, { recursive: true });
    const files = await renderReport([dir]);
    expect(files.htmlPath).toBe(join(dir, 'report.html'));
  });

  it('several runs share one report beside the first run, each series named with its run id', async () => {
    const [a, b] = [join(tmp, 'runs', 'a'), join(tmp, 'runs', 'b')];
    cpSync(fixtureDir('partial'), a, { recursive: true });
    cpSync(fixtureDir('empty'), b, { recursive: true });
    const files = await renderReport([a, b]);
    expect(files.htmlPath).toBe(join(tmp, 'runs', 'combined-a+b', 'report.html'));
    const md = readFileSync(files.summaryPath, 'utf8');
    expect(md).toContain('# dnnperf report: fixture-partial, fixture-empty');
    expect(md).toContain('| resnet-mini | ort:cpu [fixture-partial] | 1 |');
    expect(md).toContain('| fixture-empty | 3 | 0 | 0 | 0 | 3 |');
  });

  it('HTML in names is escaped, in the tables and in the inlined specs', async () => {
    const dir = join(tmp, 'evil');
    cpSync(fixtureDir('partial'), dir, { recursive: true });
    const results = join(dir, 'results.jsonl');
    const first = readFileSync(results, 'utf8').split('\n')[0]!;
    writeFileSync(results, `${first.replaceAll('"name":"resnet-mini"', '"name":"</script><b>x"')}\n`);
    const html = readFileSync((await renderReport([dir])).htmlPath, 'utf8');
    expect(html).not.toContain('</script><b>x');
    expect(html).toContain('&lt;/script&gt;&lt;b&gt;x');
  });

  it('no run folder: a clear error', async () => {
    await expect(renderReport([])).rejects.toThrow(/no run folder given/);
    await expect(renderReport([join(tmp, 'nope')])).rejects.toThrow(/no run\.json here/);
  });
});
