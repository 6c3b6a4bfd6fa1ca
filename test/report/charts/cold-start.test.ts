import { describe, expect, it } from 'vitest';
import { coldStartChart } from '../../../src/report/charts/cold-start.js';
import { fixtureData } from '../helpers.js';
import { drawn } from './drawn.js';

describe('coldStartChart', () => {
  it('create, first run and steady median per configuration on a log axis', () => {
    const c = drawn(coldStartChart(fixtureData('full')));
    expect(c.title).toBe('Cold start vs steady state per configuration (ms, log scale)');
    const values = c.json.data.values;
    expect(values).toHaveLength(33);
    expect(values.slice(0, 3)).toEqual([
      { config: 'resnet-mini ort:cpu batch 1', phase: 'session create', ms: 116 },
      { config: 'resnet-mini ort:cpu batch 1', phase: 'first run', ms: 7.2 },
      { config: 'resnet-mini ort:cpu batch 1', phase: 'steady-state median', ms: 2.4527 },
    ]);
    const points = c.json.layer[1];
    expect(points.encoding.x.scale).toEqual({ type: 'log' });
    expect(points.encoding.color.scale.domain).toEqual(['session create', 'first run', 'steady-state median']);
    expect(c.table.rows[0]).toEqual(['resnet-mini ort:cpu batch 1', 116, 7.2, 2.4527, 7.2 / 2.4527]);
    expect(c.spec).toMatchSnapshot();
  });
});
