/**
 * The report page in real headless Chromium (Debian's, driven by playwright-core), opened
 * from disk: every chart draws an SVG with marks, nothing is logged as an error and
 * nothing but the page itself is requested. Under CI=true a missing chromium fails the
 * test (`.ci/run` installs it); elsewhere it skips with a message.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/index.js';
import { fixtureComparison, fixtureDir } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];
const SCREENSHOT = resolve('test-artifacts', 'report.png');

const available = existsSync(CHROMIUM);
const required = process.env['CI'] === 'true';
if (!available && !required) console.warn(`browser check skipped: no ${CHROMIUM} (apt-get install -y chromium); under CI=true this fails`);

describe.runIf(available || required)('report.html in headless Chromium', () => {
  it('draws every chart offline, with no console errors and no network requests', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`).toBe(true);
    const tmp = mkdtempSync(join(tmpdir(), 'dnnperf-browser-'));
    try {
      const files = await renderReport([fixtureDir('full')], { outDir: join(tmp, 'report'), comparison: fixtureComparison() });
      const context = await chromium.launchPersistentContext(join(tmp, 'user-data'), { executablePath: CHROMIUM, headless: true, args: ARGS });
      try {
        const requests: string[] = [];
        const problems: string[] = [];
        context.on('request', (r) => requests.push(r.url()));
        const page = context.pages()[0] ?? (await context.newPage());
        page.on('console', (m) => {
          if (m.type() === 'error') problems.push(`console: ${m.text()}`);
        });
        page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
        const url = pathToFileURL(files.htmlPath).href;
        await page.goto(url);
        await page.waitForFunction(() => document.body.dataset['charts'] === 'done', undefined, { timeout: 15_000 });

        const charts = await page.$$eval('[data-chart]', (els) =>
          els.map((el) => {
            const svg = el.querySelector('svg');
            // Data marks only: items of mark groups outside axes, legends and titles.
            const marks = svg
              ? [...svg.querySelectorAll('g.role-mark')]
                  .filter((g) => !g.closest('.role-axis, .role-legend, .role-title'))
                  .reduce((n, g) => n + g.children.length, 0)
              : 0;
            return { id: (el as HTMLElement).dataset['chart'], state: (el as HTMLElement).dataset['state'], svg: svg !== null, marks };
          }),
        );
        expect(charts.map((c) => c.id)).toEqual([
          'comparison',
          'latency',
          'batch-scaling',
          'distribution',
          'cold-start',
          'fp16',
          'accuracy',
          'layers-top',
          'layers-op-share',
        ]);
        for (const c of charts) {
          expect(c, `chart ${c.id}`).toMatchObject({ state: 'rendered', svg: true });
          expect(c.marks, `chart ${c.id} marks`).toBeGreaterThan(0);
        }
        expect(problems).toEqual([]);
        expect(requests).toEqual([url]);

        mkdirSync(resolve('test-artifacts'), { recursive: true });
        await page.screenshot({ path: SCREENSHOT, fullPage: true });
      } finally {
        await context.close();
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
