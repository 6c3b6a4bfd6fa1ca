/** Rasterizes a chart's SVG with resvg and the bundled font only, so PNGs are identical on every machine. */
import { Resvg } from '@resvg/resvg-js';
import { FONT_FAMILY, FONT_FILE } from './font.js';

/** Pixels per SVG unit: 2 keeps text sharp on high-density screens and in READMEs. */
export const PNG_SCALE = 2;

export function renderPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  });
  return resvg.render().asPng();
}
