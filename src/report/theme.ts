/** The vega-lite config every chart is compiled with: the bundled font, a white background, no bold (one font file). */
import type { Config } from 'vega-lite';
import { FONT_FAMILY } from './font.js';

export const THEME: Config = {
  font: FONT_FAMILY,
  background: 'white',
  padding: 12,
  title: { fontSize: 15, fontWeight: 'normal', subtitleFontSize: 11, subtitleColor: '#555', anchor: 'start', offset: 12 },
  // labelSeparation: log axes otherwise keep labels that touch ("0.20.3").
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 360, labelSeparation: 4 },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 320 },
  header: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal', labelFontWeight: 'normal' },
};
