/** What every chart function returns: a vega-lite spec with its table of exact numbers, or why it was skipped. */
import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from '../report-data.js';

export type Cell = string | number | boolean | null;

/** The exact numbers behind a chart; column names carry their units. */
export interface Table {
  columns: string[];
  rows: Cell[][];
}

export interface DrawnChart {
  kind: 'chart';
  /** File stem for charts/<id>.svg and .png. */
  id: string;
  title: string;
  spec: TopLevelSpec;
  table: Table;
}

export interface SkippedChart {
  kind: 'skipped';
  id: string;
  title: string;
  /** Why this run has no data for it, and what would give it some. */
  reason: string;
}

export type Chart = DrawnChart | SkippedChart;

export type ChartFn = (data: ReportData) => Chart;

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Fallback nodes and verdicts keep one color everywhere, so a reader learns them once. */
export const COLORS = {
  requested: '#4c78a8',
  fallback: '#d62728',
  regression: '#d62728',
  improvement: '#2ca02c',
  unchanged: '#7f7f7f',
  inconclusive: '#ff7f0e',
} as const;

/** Facet header for one panel per batch size: "batch 8", read horizontally. */
export const BATCH_HEADER = { labelExpr: "'batch ' + datum.value", labelAngle: 0, labelAlign: 'left' } as const;

/** The reason every results chart gives when the run finished nothing, rather than a misleading specific one. */
export const NOTHING_FINISHED = 'no configuration finished with status ok';

export function skipped(id: string, title: string, reason: string): SkippedChart {
  return { kind: 'skipped', id, title, reason };
}
