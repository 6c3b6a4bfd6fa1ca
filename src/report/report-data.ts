/**
 * Everything a report shows, gathered once from one or more run folders: the finished
 * configurations with display labels, and what is missing, failed, noisy or fell back.
 * Charts and pages read only this, so they stay pure functions of plain data.
 */

import type { Comparison } from '../compare/types.js';
import { configLabel, labelParts } from '../results/config-label.js';
import { type RunData, readRun } from '../results/run-files.js';
import type { ConfigSpec, FailedResult, OkResult, UnavailableResult } from '../results/schema.js';

/** A finished configuration with the names charts show for it. */
export interface OkEntry {
  runId: string;
  result: OkResult;
  model: string;
  /** The backend/target spec, with the run id when several runs share a report and the trial when the run has several. */
  series: string;
  batch: number;
  /** configLabel (`model spec batch N`, with the concurrency in a sweep, spec with the run id when several runs share the report): unique within the report. */
  label: string;
}

export interface NotOkEntry {
  runId: string;
  label: string;
  status: 'failed' | 'unavailable';
  /** Where a failure happened (create, first-run, timeout, ...); absent for unavailable. */
  phase?: string;
  reason: string;
}

export interface RunStatus {
  runId: string;
  dir: string;
  planned: number;
  ok: number;
  failed: number;
  unavailable: number;
  /** Planned configurations with no result line: the run was interrupted or is still going. */
  missing: string[];
  /** Problems found while reading (a cut-off last line, no results file). */
  warnings: string[];
}

export interface ReportData {
  runs: RunData[];
  /** Finished configurations measured one request at a time (no concurrency, or concurrency 1): the latency charts. */
  ok: OkEntry[];
  /** Finished configurations with several requests in flight (concurrency > 1): the throughput charts, with those of `ok` that have a throughput point. */
  concurrent: OkEntry[];
  notOk: NotOkEntry[];
  status: RunStatus[];
  comparison?: Comparison;
}

/** Which names a run's configurations need to stay distinct in one report. */
interface Naming {
  runId: string;
  /** Several runs share the report: the run id joins the series. */
  multiRun: boolean;
  /** The run measured each configuration in several processes: every trial is named (1-based, as the CLI prints). */
  trials: boolean;
}

function seriesOf(config: ConfigSpec, n: Naming): string {
  const trial = n.trials ? ` trial ${config.trial + 1}` : '';
  return n.multiRun ? `${config.spec} [${n.runId}]${trial}` : `${config.spec}${trial}`;
}

function labelOf(config: ConfigSpec, n: Naming): string {
  return configLabel({ ...labelParts(config), spec: n.multiRun ? `${config.spec} [${n.runId}]` : config.spec, ...(n.trials ? { trial: config.trial } : {}) });
}

/** Builds the report's data from runs already read (pure: tests use it on fixtures). */
export function buildReportData(runs: RunData[], comparison?: Comparison): ReportData {
  const multiRun = runs.length > 1;
  const ok: OkEntry[] = [];
  const concurrent: OkEntry[] = [];
  const notOk: NotOkEntry[] = [];
  const status: RunStatus[] = [];
  for (const run of runs) {
    const runId = run.manifest.runId;
    const naming: Naming = { runId, multiRun, trials: run.manifest.configurations.some((c) => c.trial > 0) };
    const label = (c: ConfigSpec): string => labelOf(c, naming);
    const seen = new Set<string>();
    for (const r of run.results) {
      seen.add(`${r.config.key}#${r.config.trial}`);
      if (r.status === 'ok') {
        const series = seriesOf(r.config, naming);
        // A fallback is part of the configuration's name wherever it shows: it did not run as requested.
        const label = labelOf(r.config, naming) + (r.execution.fallback ? ' [fallback]' : '');
        const entry = { runId, result: r, model: r.config.model.name, series, batch: r.config.batch, label };
        ((r.config.concurrency ?? 1) > 1 ? concurrent : ok).push(entry);
      } else {
        notOk.push(notOkEntry(runId, label(r.config), r));
      }
    }
    const missing = run.manifest.configurations.filter((c) => !seen.has(`${c.key}#${c.trial}`)).map(label);
    const count = (s: string): number => run.results.filter((r) => r.status === s).length;
    status.push({
      runId,
      dir: run.dir,
      planned: run.manifest.configurations.length,
      ok: count('ok'),
      failed: count('failed'),
      unavailable: count('unavailable'),
      missing,
      warnings: run.warnings,
    });
  }
  return { runs, ok, concurrent, notOk, status, ...(comparison ? { comparison } : {}) };
}

function notOkEntry(runId: string, label: string, r: FailedResult | UnavailableResult): NotOkEntry {
  return r.status === 'failed'
    ? { runId, label, status: 'failed', phase: r.phase, reason: r.reason }
    : { runId, label, status: 'unavailable', reason: r.reason };
}

/** Reads and validates every run folder (a damaged folder throws with the fix in its message). */
export function loadReportData(runDirs: string[], comparison?: Comparison): ReportData {
  return buildReportData(runDirs.map(readRun), comparison);
}
