import { describe, expect, it } from 'vitest';
import { batchScalingChart } from '../../../src/report/charts/batch-scaling.js';
import { fixtureData } from '../helpers.js';
import { drawn } from './drawn.js';

describe('batchScalingChart', () => {
  it('latency and items/s per batch size for every model and backend measured at several batches', () => {
    const c = drawn(batchScalingChart(fixtureData('full')));
    expect(c.title).toBe('Batch scaling: median latency (ms) and throughput (items/s) by batch size');
    const values = c.json.data.values;
    // mlp-mini ort:cuda/fp16 failed at batch 4: it has one batch size, so it is left out.
    expect(values).toHaveLength(10);
    expect(values.some((v: { model: string; series: string }) => v.model === 'mlp-mini' && v.series === 'ort:cuda/fp16')).toBe(false);
    const cpu4 = values.find((v: { model: string; series: string; batch: number }) => v.model === 'resnet-mini' && v.series === 'ort:cpu' && v.batch === 4);
    expect(cpu4).toEqual({ model: 'resnet-mini', series: 'ort:cpu', batch: 4, medianMs: 7.3555, msPerItem: 7.3555 / 4, itemsPerS: 4000 / 7.3555 });
    const [latency, throughput] = c.json.hconcat;
    expect(latency.encoding.y).toEqual({ field: 'medianMs', type: 'quantitative', title: 'median latency (ms, log scale)', scale: { type: 'log' } });
    expect(throughput.encoding.y).toEqual({ field: 'itemsPerS', type: 'quantitative', title: 'throughput (items/s, log scale)', scale: { type: 'log' } });
    expect(latency.encoding.x.field).toBe('batch');
    expect(latency.encoding.color.field).toBe('model');
    expect(latency.encoding.strokeDash.field).toBe('series');
    expect(c.table.columns).toEqual(['model', 'backend/target', 'batch', 'median (ms)', 'per item (ms)', 'throughput (items/s)']);
    expect(c.spec).toMatchSnapshot();
  });

  it('is skipped when every configuration has one batch size', () => {
    const chart = batchScalingChart(fixtureData('partial'));
    expect(chart.kind).toBe('skipped');
    expect(chart.kind === 'skipped' && chart.reason).toBe('every model and backend/target was measured at one batch size only (give several with --batch 1,8)');
  });
});
