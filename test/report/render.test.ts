import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { latencyChart } from '../../src/report/charts/latency.js';
import { compileChart } from '../../src/report/compile.js';
import { FONT_FAMILY, FONT_FILE } from '../../src/report/font.js';
import { loadWidthFn } from '../../src/report/font-metrics.js';
import { PNG_SCALE, renderPng } from '../../src/report/render-png.js';
import { renderSvg } from '../../src/report/render-svg.js';
import { fixtureData } from './helpers.js';

/** The inked width resvg draws for a text in the bundled font. */
function drawnWidth(text: string, size: number): number {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="200"><text x="10" y="150" font-family="${FONT_FAMILY}" font-size="${size}">${text}</text></svg>`;
  const resvg = new Resvg(svg, { font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY } });
  return resvg.getBBox()!.width;
}

describe('font metrics from the bundled TrueType file', () => {
  const width = loadWidthFn(FONT_FILE);
  it('agree with what resvg draws (advance widths vs ink: within a few percent)', () => {
    for (const text of ['resnet-mini ort:cuda/fp16 batch 8', 'Median latency (ms)', 'MMMMWWWW', 'iiiill11']) {
      expect(width(text, 100) / drawnWidth(text, 100)).toBeGreaterThan(0.95);
      expect(width(text, 100) / drawnWidth(text, 100)).toBeLessThan(1.1);
    }
  });
  it('scale with the font size, and a wide glyph is wider than a narrow one', () => {
    expect(width('abc', 22)).toBeCloseTo(2 * width('abc', 11), 10);
    expect(width('W', 11)).toBeGreaterThan(2 * width('i', 11));
    expect(width('', 11)).toBe(0);
  });
});

describe('rendering without a browser', () => {
  it('draws an SVG with marks and the bundled font, and a PNG at twice its size', async () => {
    const chart = latencyChart(fixtureData('full'));
    if (chart.kind !== 'chart') throw new Error(chart.reason);
    const svg = await renderSvg(compileChart(chart.spec));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain(`font-family="${FONT_FAMILY}"`);
    expect(svg).toContain('Median latency by model and backend/target (ms, 95% CI)');
    expect((svg.match(/role-mark/g) ?? []).length).toBeGreaterThan(2);
    const png = renderPng(svg);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const svgWidth = Number(/^<svg[^>]* width="(\d+)"/.exec(svg)![1]);
    expect(png.readUInt32BE(16)).toBe(svgWidth * PNG_SCALE);
  });

  it('is deterministic: the same results give the same bytes', async () => {
    const chart = latencyChart(fixtureData('full'));
    if (chart.kind !== 'chart') throw new Error(chart.reason);
    const spec = compileChart(chart.spec);
    const [a, b] = [await renderSvg(spec), await renderSvg(spec)];
    expect(a).toBe(b);
    expect(renderPng(a).equals(renderPng(b))).toBe(true);
  });
});
