import { describe, expect, it } from 'vitest';
import { loadTimelineChart } from '../../../src/report/charts/load-timeline.js';
import { concurrencyData } from '../concurrency-fixture.js';
import { fixtureData } from '../helpers.js';
import { drawn } from './drawn.js';

describe('loadTimelineChart', () => {
  it('draws the last window of the largest concurrency per model, requests as bars on their lanes', () => {
    const c = drawn(loadTimelineChart(concurrencyData()));
    const values: Array<{ config: string; lane: number; startMs: number; endMs: number; latencyMs: number }> = c.json.data.values;
    // concurrency 4 is the largest; of its points ort:cuda batch 8 has the most samples/s
    expect(new Set(values.map((v) => v.config))).toEqual(new Set(['resnet50 ort:cuda batch 8 concurrency 4 (sessions) (last window)']));
    // requests of 12 ms on 4 lanes that ended in [200, 300): starts 188, 200, ..., 284
    expect(values).toHaveLength(36);
    expect(values[0]).toEqual({ config: 'resnet50 ort:cuda batch 8 concurrency 4 (sessions) (last window)', lane: 0, startMs: -12, endMs: 0, latencyMs: 12 });
    expect(new Set(values.map((v) => v.lane))).toEqual(new Set([0, 1, 2, 3]));
    expect(c.json.spec.encoding.x2).toEqual({ field: 'endMs' });
    expect(c.table.rows).toEqual([['resnet50 ort:cuda batch 8 concurrency 4 (sessions) (last window)', 100, 36, 36, 108]]);
    expect(c.spec).toMatchSnapshot();
  });

  it('is skipped without requests in flight together', () => {
    const chart = loadTimelineChart(fixtureData('full'));
    expect(chart.kind === 'skipped' && chart.reason).toBe(
      'no configuration kept several requests in flight (measure a concurrency sweep, e.g. --concurrency 1,2,4,8)',
    );
  });
});
