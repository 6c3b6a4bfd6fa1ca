/**
 * FP16 speed-up over FP32 beside the accuracy it costs, for every FP16 configuration with an
 * FP32 counterpart: same model (or the model it was converted from), engine, backend and batch.
 */

import type { TopLevelSpec } from 'vega-lite';
import { configLabel } from '../../results/config-label.js';
import type { OkEntry, ReportData } from '../report-data.js';
import { type Chart, NOTHING_FINISHED, skipped, VEGA_LITE_SCHEMA } from './chart.js';

const ID = 'fp16';
const TITLE = 'FP16 vs FP32: speed-up (x) and accuracy cost (relative L2 error), log scales';

const FP16 = /[-_/]?fp16/i;
const isFp16 = (e: OkEntry): boolean => FP16.test(e.result.config.target ?? '');
/** `cuda_fp16` -> `cuda`, `fp16` and `fp32` -> none: the FP32 target an FP16 one pairs with. */
const baseTarget = (target: string | undefined): string => (target ?? '').replace(FP16, '').replace(/^fp32$/i, '');
const baseModel = (name: string): string => name.replace(/[-_.]?fp16$/i, '');

export interface Fp16Pair {
  fp16: OkEntry;
  fp32: OkEntry;
}

export function pairFp16(entries: OkEntry[]): Fp16Pair[] {
  const fp32s = entries.filter((e) => !isFp16(e));
  return entries.filter(isFp16).flatMap((fp16) => {
    const h = fp16.result.config;
    const fp32 = fp32s.find((e) => {
      const c = e.result.config;
      const sameModel = h.model.derivedFrom === c.model.sha256 || baseModel(h.model.name) === c.model.name;
      return (
        sameModel &&
        e.runId === fp16.runId &&
        c.engine === h.engine &&
        c.backend === h.backend &&
        c.batch === h.batch &&
        c.trial === h.trial &&
        baseTarget(c.target) === baseTarget(h.target)
      );
    });
    return fp32 ? [{ fp16, fp32 }] : [];
  });
}

export function fp16Chart(data: ReportData): Chart {
  if (data.ok.length === 0) return skipped(ID, TITLE, NOTHING_FINISHED);
  const pairs = pairFp16(data.ok);
  if (pairs.length === 0) {
    return skipped(ID, TITLE, 'no FP16 configuration with an FP32 counterpart (same model, engine, backend and batch), e.g. ort:cuda with ort:cuda/fp16');
  }
  const values = pairs.map(({ fp16, fp32 }) => {
    const a = fp32.result.stats;
    const h = fp16.result.stats;
    const acc = fp16.result.accuracy;
    // A figure that says nothing (FP16 underflow of the reference) is no accuracy cost: shown as the reason.
    const measured = acc && !acc.notMeasurable ? acc : undefined;
    return {
      pair: configLabel({ model: fp32.model, spec: `${fp16.result.config.engine}:${fp16.result.config.backend}`, batch: fp16.batch }),
      fp32Spec: fp32.series,
      fp16Spec: fp16.series,
      fp32MedianMs: a.medianMs,
      fp16MedianMs: h.medianMs,
      speedup: a.medianMs / h.medianMs,
      // Ratio of the two medians' CI ends: conservative, the CIs are not combined.
      speedupLow: a.medianCiLowMs / h.medianCiHighMs,
      speedupHigh: a.medianCiHighMs / h.medianCiLowMs,
      reference: acc?.reference ?? null,
      maxAbsError: measured?.maxAbsError ?? null,
      relL2Error: measured?.relL2Error ?? null,
      cosine: measured?.cosine ?? null,
      accuracyNote: acc?.notMeasurable ? `not measurable: ${acc.notMeasurable}` : null,
    };
  });
  const y = { field: 'pair', type: 'nominal', title: null, sort: null } as const;
  // A ratio: on a log axis 2x faster and 2x slower sit equally far from 1.
  const speed = { type: 'quantitative', title: 'speed-up: FP32 median / FP16 median (x, log scale)', scale: { type: 'log' } } as const;
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: TITLE,
      subtitle: "right of the dashed line: FP16 is faster; interval from the two medians' 95% CIs; error against the reference outputs",
    },
    data: { values },
    hconcat: [
      {
        width: 300,
        layer: [
          { data: { values: [{ one: 1 }] }, mark: { type: 'rule', color: '#888', strokeDash: [4, 3] }, encoding: { x: { ...speed, field: 'one' } } },
          { mark: { type: 'rule', color: '#4c78a8' }, encoding: { y, x: { ...speed, field: 'speedupLow' }, x2: { field: 'speedupHigh' } } },
          {
            mark: { type: 'point', filled: true, size: 80, color: '#4c78a8' },
            encoding: { y, x: { ...speed, field: 'speedup' }, tooltip: [{ field: 'pair' }, { field: 'speedup', format: '.3f' }] },
          },
        ],
      },
      {
        width: 240,
        transform: [{ filter: 'isValid(datum.relL2Error) && datum.relL2Error > 0' }],
        // Points, not bars: a bar on a log axis has no meaningful baseline.
        mark: { type: 'point', filled: true, size: 80, color: '#e45756' },
        encoding: {
          y: { ...y, axis: null },
          x: { field: 'relL2Error', type: 'quantitative', title: 'relative L2 error (log scale)', scale: { type: 'log' } },
          tooltip: [{ field: 'pair' }, { field: 'relL2Error', format: '.3e' }, { field: 'maxAbsError', format: '.3e' }, { field: 'cosine', format: '.6f' }],
        },
      },
    ],
  };
  return {
    kind: 'chart',
    id: ID,
    title: TITLE,
    spec,
    table: {
      columns: [
        'pair',
        'FP32',
        'FP16',
        'FP32 median (ms)',
        'FP16 median (ms)',
        'speed-up (x)',
        'speed-up low',
        'speed-up high',
        'reference',
        'max abs error',
        'relative L2 error',
        'cosine',
        'accuracy note',
      ],
      rows: values.map((v) => [
        v.pair,
        v.fp32Spec,
        v.fp16Spec,
        v.fp32MedianMs,
        v.fp16MedianMs,
        v.speedup,
        v.speedupLow,
        v.speedupHigh,
        v.reference,
        v.maxAbsError,
        v.relL2Error,
        v.cosine,
        v.accuracyNote,
      ]),
    },
  };
}
