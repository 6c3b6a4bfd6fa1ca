/** Draws a compiled vega spec to an SVG string in Node, no browser and no canvas. */
import * as vega from 'vega';
import { FONT_FILE } from './font.js';
import { loadWidthFn, type WidthFn } from './font-metrics.js';
import { QUIET_LOGGER } from './logger.js';

interface TextItem {
  fontSize?: number;
  /** Width at which vega truncates the text with an ellipsis. */
  limit?: number;
}

// vega measures text through this module-level hook (vega-scenegraph's textMetrics, untyped);
// vl-convert replaces it the same way. Installed once, on first render.
let installed = false;
function useBundledFontMetrics(): void {
  if (installed) return;
  const width: WidthFn = loadWidthFn(FONT_FILE);
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }).textMetrics;
  metrics.width = (item, text) => {
    const w = width(text == null ? '' : String(text).trim(), item.fontSize ?? 11);
    return item.limit && item.limit > 0 ? Math.min(w, item.limit) : w;
  };
  installed = true;
}

export async function renderSvg(spec: vega.Spec): Promise<string> {
  useBundledFontMetrics();
  const view = new vega.View(vega.parse(spec), { renderer: 'none', logger: QUIET_LOGGER });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
