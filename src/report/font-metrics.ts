/**
 * Text widths from the bundled TrueType file, so vega lays out labels and titles in Node
 * as the rasterizer will draw them (vega's own estimate without a canvas is 0.8 em per
 * character, which truncates and misplaces text). Reads the font's cmap (format 4, the
 * Basic Multilingual Plane) and hmtx tables; kerning is ignored.
 */
import { readFileSync } from 'node:fs';

export type WidthFn = (text: string, fontSize: number) => number;

function tableOffsets(font: Buffer): Map<string, number> {
  const tables = new Map<string, number>();
  const count = font.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const rec = 12 + i * 16;
    tables.set(font.toString('latin1', rec, rec + 4), font.readUInt32BE(rec + 8));
  }
  return tables;
}

function need(tables: Map<string, number>, tag: string): number {
  const offset = tables.get(tag);
  if (offset === undefined) throw new Error(`font has no ${tag} table`);
  return offset;
}

/** Offset of the Windows Unicode BMP (3,1) cmap subtable, which is format 4. */
function bmpCmap(font: Buffer, cmap: number): number {
  const count = font.readUInt16BE(cmap + 2);
  for (let i = 0; i < count; i++) {
    const rec = cmap + 4 + i * 8;
    if (font.readUInt16BE(rec) === 3 && font.readUInt16BE(rec + 2) === 1) return cmap + font.readUInt32BE(rec + 4);
  }
  throw new Error('font has no Unicode BMP cmap');
}

function glyphLookup(font: Buffer, sub: number): (code: number) => number {
  const segCount = font.readUInt16BE(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + segCount * 2 + 2;
  const deltas = starts + segCount * 2;
  const rangeOffsets = deltas + segCount * 2;
  return (code) => {
    for (let s = 0; s < segCount; s++) {
      if (font.readUInt16BE(ends + s * 2) < code) continue;
      const start = font.readUInt16BE(starts + s * 2);
      if (start > code) return 0;
      const delta = font.readInt16BE(deltas + s * 2);
      const rangeAt = rangeOffsets + s * 2;
      const range = font.readUInt16BE(rangeAt);
      if (range === 0) return (code + delta) & 0xffff;
      const glyph = font.readUInt16BE(rangeAt + range + (code - start) * 2);
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

/** A width function for one TrueType file: advance widths summed, in pixels at fontSize. */
export function loadWidthFn(fontFile: string): WidthFn {
  const font = readFileSync(fontFile);
  const tables = tableOffsets(font);
  const unitsPerEm = font.readUInt16BE(need(tables, 'head') + 18);
  const metricCount = font.readUInt16BE(need(tables, 'hhea') + 34);
  const hmtx = need(tables, 'hmtx');
  const glyphOf = glyphLookup(font, bmpCmap(font, need(tables, 'cmap')));
  const emWidths = new Map<number, number>();
  const emWidth = (code: number): number => {
    let w = emWidths.get(code);
    if (w === undefined) {
      // Glyphs past numberOfHMetrics share the last advance width.
      const glyph = Math.min(glyphOf(code), metricCount - 1);
      w = font.readUInt16BE(hmtx + glyph * 4) / unitsPerEm;
      emWidths.set(code, w);
    }
    return w;
  };
  return (text, fontSize) => {
    let em = 0;
    for (const ch of text) em += emWidth(ch.codePointAt(0) ?? 0);
    return em * fontSize;
  };
}
