/**
 * What a reader must not miss: configurations that did not finish (and why), results the
 * run never wrote, read warnings, noisy measurements, fallbacks, outputs that differ from a
 * test data set's reference outputs, failed per-layer passes,
 * and what a comparison could not match. Each is a titled table; empty ones are left out.
 */
import type { Table } from './charts/chart.js';
import type { ReportData } from './report-data.js';

export interface Section {
  heading: string;
  table: Table;
}

function section(heading: string, columns: string[], rows: Table['rows']): Section[] {
  return rows.length > 0 ? [{ heading, table: { columns, rows } }] : [];
}

/** Runs and how many of their planned configurations finished. */
export function statusTable(data: ReportData): Table {
  return {
    columns: ['run', 'planned', 'ok', 'failed', 'unavailable', 'missing (no result)'],
    rows: data.status.map((s) => [s.runId, s.planned, s.ok, s.failed, s.unavailable, s.missing.length]),
  };
}

export function problemSections(data: ReportData): Section[] {
  const cmp = data.comparison;
  const finished = [...data.ok, ...data.concurrent];
  return [
    ...section(
      'Failed or unavailable configurations',
      ['run', 'configuration', 'status', 'phase', 'reason'],
      data.notOk.map((e) => [e.runId, e.label, e.status, e.phase ?? null, e.reason]),
    ),
    ...section(
      'Missing results (planned, never written: the run was interrupted or is still going)',
      ['run', 'configuration'],
      data.status.flatMap((s) => s.missing.map((label) => [s.runId, label])),
    ),
    ...section(
      'Warnings while reading the results',
      ['run', 'warning'],
      data.status.flatMap((s) => s.warnings.map((w) => [s.runId, w])),
    ),
    ...section(
      'Noisy measurements (treat differences with care; quiet the machine or raise the time budget)',
      ['configuration', 'reason', 'CV', 'samples'],
      finished.filter((e) => e.result.noise.noisy).map((e) => [e.label, e.result.noise.reason ?? null, e.result.stats.cv, e.result.stats.n]),
    ),
    ...section(
      'Fallbacks (work that ran on another backend than requested)',
      ['configuration', 'requested', 'actual', 'fallback nodes', 'nodes run on the CPU', 'notes'],
      finished
        .filter((e) => e.result.execution.fallback || (e.result.layers?.fallbackNodes ?? 0) > 0)
        .map((e) => [
          e.label,
          e.result.execution.requested,
          e.result.execution.actual,
          e.result.layers?.fallbackNodes ?? null,
          e.result.execution.cpuNodes?.join(', ') ?? null,
          e.result.execution.notes.join('; '),
        ]),
    ),
    ...section(
      'Two cuDNN builds loaded in one process (timings mix two libraries)',
      ['configuration', 'what was mapped'],
      data.ok.flatMap((e) => {
        const mixed = (e.result.loadedLibraries as { mixedCudnn?: string } | undefined)?.mixedCudnn;
        return mixed ? [[e.label, mixed]] : [];
      }),
    ),
    ...section(
      'Accuracy not measurable (the figures would say nothing about the configuration)',
      ['configuration', 'reason'],
      data.ok.flatMap((e) => (e.result.accuracy?.notMeasurable ? [[e.label, e.result.accuracy.notMeasurable]] : [])),
    ),
    ...section(
      'Outputs that differ from the test data (the backend does not reproduce the reference outputs)',
      ['configuration', 'test data', 'status', 'reason'],
      data.ok
        .filter((e) => e.result.expectedOutputs && e.result.expectedOutputs.status !== 'match')
        .map((e) => [e.label, e.result.expectedOutputs!.source, e.result.expectedOutputs!.status, e.result.expectedOutputs!.reason ?? null]),
    ),
    ...section(
      'Per-layer pass failed',
      ['configuration', 'error'],
      data.ok.filter((e) => e.result.layersError).map((e) => [e.label, e.result.layersError!]),
    ),
    ...(cmp
      ? [
          ...section(
            'Comparison: measured on one side only',
            ['side', 'configuration'],
            [...cmp.onlyInBase.map((c) => ['base only', c.label]), ...cmp.onlyInHead.map((c) => ['head only', c.label])],
          ),
          ...section(
            'Comparison: not comparable',
            ['configuration', 'reason'],
            cmp.notComparable.map((c) => [c.label, c.reason]),
          ),
          ...section(
            'Comparison: environment differences',
            ['field', 'base', 'head'],
            cmp.environmentDiffs.map((d) => [d.field, d.base, d.head]),
          ),
          ...section(
            'Comparison: environment suspect',
            ['reason'],
            cmp.environmentSuspect ? [[cmp.environmentSuspectReason ?? 'most configurations moved together']] : [],
          ),
        ]
      : []),
  ];
}
