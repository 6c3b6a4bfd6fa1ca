/** The throughput charts render without a browser (vega-lite has specs that compile and then fail to draw). */
import { describe, expect, it } from 'vitest';
import { loadTimelineChart } from '../../src/report/charts/load-timeline.js';
import { throughputLatencyChart } from '../../src/report/charts/throughput-latency.js';
import { compileChart } from '../../src/report/compile.js';
import { renderSvg } from '../../src/report/render-svg.js';
import { concurrencyData } from './concurrency-fixture.js';

describe('throughput charts render', () => {
  it.each([
    ['throughput-latency', throughputLatencyChart],
    ['load-timeline', loadTimelineChart],
  ] as const)('%s draws marks', async (_id, chartFn) => {
    const chart = chartFn(concurrencyData());
    if (chart.kind !== 'chart') throw new Error(chart.reason);
    const svg = await renderSvg(compileChart(chart.spec));
    expect(svg.startsWith('<svg')).toBe(true);
    // one path per point, label or bar at the least
    expect((svg.match(/<path /g) ?? []).length).toBeGreaterThan(20);
  });
});
