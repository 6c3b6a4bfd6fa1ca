/**
 * One measurement window of the largest concurrency measured for each model: every request a
 * bar from its start to its end on its lane (session, or in-flight slot of a shared session).
 * Overlapping bars are requests in flight together; long bars beside short ones are requests
 * that waited (for a shared session, a busy device or a lock).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { OkEntry, ReportData } from '../report-data.js';
import { type Chart, NOTHING_FINISHED, skipped, VEGA_LITE_SCHEMA } from './chart.js';

const ID = 'load-timeline';
const TITLE = 'Timeline of one window at the largest concurrency per model (requests as bars, ms)';
/** Bars drawn per model: the window's first requests; more only blurs into one block. */
export const MAX_TIMELINE_REQUESTS = 300;

/** Per model, the entry with the largest concurrency (the most samples/s among ties). */
export function largestConcurrency(entries: readonly OkEntry[]): OkEntry[] {
  const byModel = new Map<string, OkEntry>();
  for (const e of entries) {
    const best = byModel.get(e.model);
    const c = e.result.load!.concurrency;
    const bc = best?.result.load?.concurrency ?? 0;
    if (!best || c > bc || (c === bc && e.result.load!.samplesPerS > best.result.load!.samplesPerS)) byModel.set(e.model, e);
  }
  return [...byModel.values()].sort((a, b) => a.model.localeCompare(b.model));
}

export function loadTimelineChart(data: ReportData): Chart {
  if (data.ok.length + data.concurrent.length === 0) return skipped(ID, TITLE, NOTHING_FINISHED);
  const withRequests = data.concurrent.filter((e) => e.result.load?.requests && e.result.load.windows.length > 0);
  if (withRequests.length === 0) {
    return skipped(ID, TITLE, 'no configuration kept several requests in flight (measure a concurrency sweep, e.g. --concurrency 1,2,4,8)');
  }
  const picked = largestConcurrency(withRequests);
  const summary: Array<{ config: string; windowMs: number; shown: number; inWindow: number; overlapMs: number }> = [];
  const values = picked.flatMap((e) => {
    const load = e.result.load!;
    const w = load.windows.at(-1)!;
    const r = load.requests!;
    const inWindow = r.startMs.map((s, i) => ({ lane: r.lane[i]!, startMs: s, endMs: r.endMs[i]! })).filter((q) => q.endMs >= w.startMs && q.endMs < w.endMs);
    const shown = inWindow.slice(0, MAX_TIMELINE_REQUESTS);
    const config = `${e.label} (last window)`;
    // Time with more than one request in flight, over the window: how much the requests overlap.
    summary.push({ config, windowMs: w.endMs - w.startMs, shown: shown.length, inWindow: inWindow.length, overlapMs: overlapMs(inWindow) });
    return shown.map((q) => ({
      config,
      lane: q.lane,
      startMs: q.startMs - w.startMs,
      endMs: q.endMs - w.startMs,
      latencyMs: q.endMs - q.startMs,
    }));
  });
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: TITLE,
      subtitle: `the last reported window; 0 is its start, bars that began earlier reach left of it; at most ${MAX_TIMELINE_REQUESTS} requests per model`,
    },
    data: { values },
    facet: { row: { field: 'config', type: 'nominal', title: null, header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top' } } },
    // Lanes share one axis (an independent ordinal y inside a facet does not render in vega-lite 6).
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 560,
      mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
      encoding: {
        y: { field: 'lane', type: 'ordinal', title: 'lane' },
        x: { field: 'startMs', type: 'quantitative', title: 'time from the window start (ms)' },
        x2: { field: 'endMs' },
        color: { field: 'latencyMs', type: 'quantitative', title: 'latency (ms)', scale: { scheme: 'viridis' }, legend: { format: '.3~f' } },
        tooltip: [
          { field: 'lane' },
          { field: 'startMs', title: 'start (ms)', format: '.3f' },
          { field: 'endMs', title: 'end (ms)', format: '.3f' },
          { field: 'latencyMs', title: 'latency (ms)', format: '.3f' },
        ],
      },
    },
  };
  return {
    kind: 'chart',
    id: ID,
    title: TITLE,
    spec,
    table: {
      columns: ['configuration', 'window (ms)', 'requests ended in it', 'drawn', 'time with 2+ requests in flight (ms)'],
      rows: summary.map((s) => [s.config, s.windowMs, s.inWindow, s.shown, s.overlapMs]),
    },
  };
}

/** Total time covered by at least two of the intervals (a sweep over their ends). */
function overlapMs(intervals: ReadonlyArray<{ startMs: number; endMs: number }>): number {
  const edges = intervals.flatMap((q) => [[q.startMs, 1] as const, [q.endMs, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let depth = 0;
  let total = 0;
  let last = 0;
  for (const [t, d] of edges) {
    if (depth >= 2) total += t - last;
    depth += d;
    last = t;
  }
  return total;
}
