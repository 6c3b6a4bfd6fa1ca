import { describe, expect, it } from 'vitest';
import { budgetSection } from '../../../src/report/budget-section.js';
import { paretoFront } from '../../../src/report/charts/pareto.js';
import { throughputLatencyChart } from '../../../src/report/charts/throughput-latency.js';
import { concurrencyData } from '../concurrency-fixture.js';
import { fixtureData } from '../helpers.js';
import { drawn } from './drawn.js';

type Row = { line: string; point: string; samplesPerS: number; p99Ms: number; pareto: boolean; withinBudget: boolean; mode: string };

describe('throughputLatencyChart', () => {
  it('plots samples/s against p99 per model, a line per backend/target, the Pareto front and the budget', () => {
    const c = drawn(throughputLatencyChart(concurrencyData()));
    expect(c.title).toBe('Throughput against p99 latency per model (samples/s, batch x concurrency)');
    const values: Row[] = c.json.data.values;
    const find = (line: string, point: string) => values.find((v) => v.line === line && v.point === point)!;
    // 2 servers of 6 ms at batch 8: two in flight give 2 x 1000 / 6 x 8 samples/s at p99 1.2 x 6 ms
    expect(find('ort:cuda', 'b8xc2')).toMatchObject({ samplesPerS: (2 * 1000 * 8) / 6, pareto: true, withinBudget: true });
    expect(find('ort:cuda', 'b8xc2').p99Ms).toBeCloseTo(7.2, 12);
    expect(find('ort:cuda', 'b1xc2')).toMatchObject({ samplesPerS: 1000, pareto: true });
    expect(
      values
        .filter((v) => v.pareto)
        .map((v) => `${v.line} ${v.point}`)
        .sort(),
    ).toEqual(['ort:cuda b1xc2', 'ort:cuda b8xc2']);
    expect(find('ort:cuda', 'b8xc4')).toMatchObject({ pareto: false, withinBudget: false });
    // shared mode: one run at a time on the session, so two in flight only wait
    expect(find('ort:cuda shared', 'b1xc2')).toMatchObject({ samplesPerS: 500, mode: 'shared' });
    // the shared line starts at the sequential point of its batch
    expect(find('ort:cuda shared', 'b1xc1')).toMatchObject({ mode: 'sequential', samplesPerS: 500 });
    expect(values.filter((v) => v.line.startsWith('opencv')).map((v) => v.point)).toEqual(['b1xc1', 'b1xc2', 'b1xc4', 'b8xc1', 'b8xc2', 'b8xc4']);
    expect(c.json.facet.row.field).toBe('model');
    const layers = c.json.spec.layer;
    expect(layers[0].mark.type).toBe('line');
    expect(layers[0].encoding.order).toEqual({ field: 'concurrency', type: 'quantitative' });
    expect(layers[2].transform).toEqual([{ filter: 'datum.pareto' }]);
    expect(layers[3].encoding.text).toEqual({ field: 'point' });
    expect(layers[4]).toEqual({ mark: { type: 'rule', strokeDash: [5, 4], color: '#d62728' }, encoding: { x: { datum: 12, type: 'quantitative' } } });
    expect(c.table.columns).toEqual([
      'model',
      'backend/target',
      'mode',
      'batch',
      'concurrency',
      'samples/s',
      'inferences/s',
      'p50 (ms)',
      'p90 (ms)',
      'p99 (ms)',
      'p99 CI low (ms)',
      'p99 CI high (ms)',
      'p99.9 (ms)',
      'stable',
      'Pareto front',
      'p99 <= 12 ms',
      'CPU cores busy',
      'GPU busy (%)',
    ]);
    // one table row per measured point (the repeated sequential point is drawn, not tabled)
    expect(c.table.rows).toHaveLength(13);
    expect(c.spec).toMatchSnapshot();
  });

  it('is skipped, saying how to get points, when nothing was measured under concurrency', () => {
    const chart = throughputLatencyChart(fixtureData('full'));
    expect(chart.kind === 'skipped' && chart.reason).toBe('no configuration has a throughput point (measure a concurrency sweep, e.g. --concurrency 1,2,4,8)');
  });
});

describe('paretoFront', () => {
  it('keeps the points nothing else beats on both p99 and throughput', () => {
    const pts = [
      { p99Ms: 1, samplesPerS: 10 },
      { p99Ms: 2, samplesPerS: 30 },
      { p99Ms: 2, samplesPerS: 20 },
      { p99Ms: 3, samplesPerS: 30 },
      { p99Ms: 5, samplesPerS: 50 },
    ];
    expect([...paretoFront(pts)]).toEqual([pts[0], pts[1], pts[4]]);
  });
});

describe('budgetSection', () => {
  it('names the best configuration within the budget per backend, and lists the steps', () => {
    const [best, steps] = budgetSection(concurrencyData());
    expect(best!.heading).toBe('Best configuration within p99 <= 12 ms (fixture-concurrency)');
    expect(best!.table.rows[0]).toEqual(['resnet50', 'ort:cuda', 8, 2, 'sessions', 2666.67, 333.33, 7.2, null]);
    expect(steps!.table.rows).toEqual([['resnet50', 'ort:cuda', 1, 1, null, 'measured', 500, 2.4, true, null]]);
  });
});
