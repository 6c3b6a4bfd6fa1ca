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
    expect(configs).toContain('resnet-mini · ort:cuda · b1 (1 fallback node)');
    expect(configs).toContain('resnet-mini · ort:cpu · b1');
    for (const config of configs) {
      const sum = values.filter((v) => v.config === config).reduce((s, v) => s + v.share, 0);
      expect(sum).toBeCloseTo(1, 12);
    }
    const conv = values.find((v) => v.config === 'resnet-mini · ort:cpu · b1' && v.opType === 'Conv')!;
    expect(conv.count).toBe(6);
    // 7 op types in the fixture: none folded into "other", and "other" is not in the legend.
    expect(c.json.encoding.color.scale.domain).toEqual(['Gemm', 'Conv', 'Relu', 'Softmax', 'Add', 'Shape', 'GlobalAveragePool']);
    expect(c.json.encoding.x).toEqual({ field: 'share', type: 'quantitative', stack: 'normalize', title: 'share of summed node time', axis: { format: '%' } });
    expect(c.table.columns).toEqual(['configuration', 'op type', 'share (%)', 'total (ms)', 'nodes']);
    expect(c.spec).toMatchSnapshot();
  });
});
