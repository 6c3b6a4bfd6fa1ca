/** Test helper: the chart, asserted drawn, with its spec as plain JSON for exact comparisons. */
import { expect } from 'vitest';
import type { Chart, DrawnChart } from '../../../src/report/charts/chart.js';

/** The spec as parsed JSON: tests walk into it freely, the exact values are what they check. */
// biome-ignore lint/suspicious/noExplicitAny: tests index into the parsed spec freely; the exact values are what they check
export type Json = any;

export function drawn(chart: Chart): DrawnChart & { json: Json } {
  expect(chart.kind, chart.kind === 'skipped' ? chart.reason : '').toBe('chart');
  const c = chart as DrawnChart;
  return { ...c, json: JSON.parse(JSON.stringify(c.spec)) };
}
