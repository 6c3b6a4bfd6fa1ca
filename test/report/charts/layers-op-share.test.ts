import { describe, expect, it } from 'vitest';
import { layersOpShareChart } from '../../../src/report/charts/layers-op-share.js';
import { fixtureData } from '../helpers.js';
import { drawn } from './drawn.js';

describe('layersOpShareChart', () => {
  it('shares by op type sum to 1 per configuration; fallback counts follow the configuration', () => {
    const c = drawn(layersOpShareChart(fixtureData('full')));
    expect(c.title).toBe('Share of per-layer time by op type (% of summed node medians)');
    const values: Array<{ config: string; opType: string; share: number; totalMs: number; count: number }> = c.json.data.values;
    const configs = [...new Set(values.map((v) => v.config))];
    expect(configs).toContain('resnet-mini ort:cuda batch 1 (1 fallback node)');
    expect(configs).toContain('resnet-mini ort:cpu batch 1');
    for (const config of configs) {
      const sum = values.filter((v) => v.config === config).reduce((s, v) => s + v.share, 0);
      expect(sum).toBeCloseTo(1, 12);
    }
    const conv = values.find((v) => v.config === 'resnet-mini ort:cpu batch 1' && v.opType === 'Conv')!;
    expect(conv.count).toBe(6);
    // 7 op types in the fixture: none folded into "other", and "other" is not in the legend.
    expect(c.json.encoding.color.scale).toEqual({
      domain: ['Gemm', 'Conv', 'Relu', 'Softmax', 'Add', 'Shape', 'GlobalAveragePool'],
      range: ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2'],
    });
    expect(c.json.encoding.x).toEqual({ field: 'share', type: 'quantitative', stack: 'normalize', title: 'share of summed node time', axis: { format: '%' } });
    expect(c.table.columns).toEqual(['configuration', 'op type', 'share (%)', 'total (ms)', 'nodes']);
    expect(c.spec).toMatchSnapshot();
  });
});

describe('layersOpShareChart with many op types', () => {
  it('folds op types beyond the largest eight into a grey "other"', () => {
    const data = fixtureData('full');
    const layers = data.ok[0]!.result.layers!;
    layers.byOpType = Array.from({ length: 10 }, (_, i) => ({ opType: `Op${i}`, totalMs: 10 - i, share: 0, count: 1 }));
    data.ok = [data.ok[0]!];
    const c = drawn(layersOpShareChart(data));
    const values: Array<{ opType: string; totalMs: number; count: number }> = c.json.data.values;
    expect(values.find((v) => v.opType === 'other')).toMatchObject({ totalMs: 2 + 1, count: 2 });
    expect(c.json.encoding.color.scale.domain).toEqual(['Op0', 'Op1', 'Op2', 'Op3', 'Op4', 'Op5', 'Op6', 'Op7', 'other']);
    expect(c.json.encoding.color.scale.range.at(-1)).toBe('#bab0ac');
  });
});
