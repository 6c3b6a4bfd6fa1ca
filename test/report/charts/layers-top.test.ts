import { describe, expect, it } from 'vitest';
import { layersTopChart, TOP_N } from '../../../src/report/charts/layers-top.js';
import { fixtureData } from '../helpers.js';
import { drawn } from './drawn.js';

describe('layersTopChart', () => {
  it('the slowest nodes per profiled configuration, fallback nodes marked', () => {
    const c = drawn(layersTopChart(fixtureData('full')));
    expect(c.title).toBe('Slowest 10 layers per configuration (median ms per node)');
    const values: Array<{ config: string; rank: number; node: string; medianMs: number; placement: string }> = c.json.data.values;
    const configs = [...new Set(values.map((v) => v.config))];
    // Batch-1 configurations carry a profile in the fixture: 6 of them.
    expect(configs).toEqual([
      'resnet-mini ort:cpu batch 1 (cpu: CPU time)',
      'resnet-mini ort:cuda batch 1 (host-dispatch: host dispatch, not kernel time)',
      'resnet-mini ort:cuda/fp16 batch 1 (host-dispatch: host dispatch, not kernel time)',
      'mlp-mini ort:cpu batch 1 (cpu: CPU time)',
      'mlp-mini ort:cuda batch 1 (host-dispatch: host dispatch, not kernel time)',
      'mlp-mini ort:cuda/fp16 batch 1 (host-dispatch: host dispatch, not kernel time)',
    ]);
    for (const config of configs) {
      const rows = values.filter((v) => v.config === config);
      expect(rows.length).toBeLessThanOrEqual(TOP_N);
      expect(rows.map((r) => r.medianMs)).toEqual([...rows.map((r) => r.medianMs)].sort((a, b) => b - a));
    }
    const fallbacks = values.filter((v) => v.placement === 'fallback: ran on another provider');
    expect(fallbacks.map((v) => [v.config, v.node])).toEqual([
      ['resnet-mini ort:cuda batch 1 (host-dispatch: host dispatch, not kernel time)', '/resnet-mini/shape_0'],
      ['resnet-mini ort:cuda/fp16 batch 1 (host-dispatch: host dispatch, not kernel time)', '/resnet-mini/shape_0'],
    ]);
    expect(c.json.spec.encoding.color.scale).toEqual({
      domain: ['ran on the requested backend', 'fallback: ran on another provider'],
      range: ['#4c78a8', '#d62728'],
    });
    expect(c.json.spec.encoding.x.title).toBe('median time per node (ms)');
    expect(c.json.spec.encoding.y.field).toBe('layer');
    expect(values.find((v) => v.placement.startsWith('fallback'))).toMatchObject({ layer: '/resnet-mini/shape_0 (Shape)', provider: 'CPUExecutionProvider' });
    expect(c.table.rows.filter((r) => r[6] === true)).toHaveLength(2);
    expect(c.spec).toMatchSnapshot();
  });

  it('is skipped without per-layer profiles', () => {
    const data = fixtureData('full');
    for (const e of data.ok) delete e.result.layers;
    const chart = layersTopChart(data);
    expect(chart.kind === 'skipped' && chart.reason).toMatch(/no configuration has a per-layer profile/);
  });
});
