/**
 * Renders run events for humans on stderr: a progress bar on a terminal, plain lines
 * off it or with NO_COLOR (so CI logs stay readable), hyperfine's wording for results.
 */
import cliProgress from 'cli-progress';
import { configLabel, labelParts } from '../results/config-label.js';
import type { ConfigResult, ConfigSpec, OkResult } from '../results/schema.js';
import type { RunEvent, RunEventHandler } from '../run/events.js';
import { percentileOf } from '../stats/latency-percentiles.js';
import { createProgressReporter, type ProgressReporter } from './fetch-progress.js';
import { formatMs } from './format.js';
import { barTerminal, type CommandIo } from './io.js';

/** A configuration in progress lines: its label, with the trial from the second one on. */
function progressLabel(c: ConfigSpec): string {
  return configLabel({ ...labelParts(c), ...(c.trial > 0 ? { trial: c.trial } : {}) });
}

/** "1234 inferences/s (9872 samples/s), p50 3.21 ms, p90 .., p99 5.40 ms [5.10 ms .. 6.02 ms], p99.9 .." */
function throughputText(load: NonNullable<OkResult['load']>): string {
  const p = (n: number) => percentileOf(load.latency, n);
  const p99 = p(99);
  return (
    `${load.inferencesPerS.toPrecision(4)} inferences/s (${load.samplesPerS.toPrecision(4)} samples/s), ` +
    `p50 ${formatMs(p(50).ms)}, p90 ${formatMs(p(90).ms)}, p99 ${formatMs(p99.ms)} [${formatMs(p99.ciLowMs)} .. ${formatMs(p99.ciHighMs)}${p99.ciBounded ? '' : ', too few requests to bound'}], p99.9 ${formatMs(p(99.9).ms)}`
  );
}

export function resultLine(r: ConfigResult): string {
  const label = progressLabel(r.config);
  if (r.status === 'unavailable') return `${label}: unavailable: ${r.reason}`;
  if (r.status === 'failed') return `${label}: FAILED (${r.phase}): ${r.reason}`;
  const s = r.stats;
  const check = r.expectedOutputs;
  const warn = [
    r.noise.noisy ? `  Warning: noisy: ${r.noise.reason}` : '',
    r.execution.fallback ? `  Warning: fallback: ${r.execution.notes.join('; ')}` : '',
    check && check.status !== 'match'
      ? `  Warning: outputs ${check.status === 'mismatch' ? 'do not match' : 'not checked against'} ${check.source}: ${check.reason}`
      : '',
  ].filter(Boolean);
  if (r.load && (r.config.concurrency ?? 1) > 1) {
    const windows = `${r.load.reportedWindows} of ${r.load.windows.length} windows, ${r.load.stability.stable ? 'stable' : `not stable (${r.stop.reason})`}`;
    return [`${label}: ${throughputText(r.load)}; ${s.n} requests (${windows})`, ...warn].join('\n');
  }
  return [
    `${label}: ${formatMs(s.medianMs)} [${formatMs(s.medianCiLowMs)} .. ${formatMs(s.medianCiHighMs)}] median, ` +
      `${formatMs(s.minMs)} ... ${formatMs(s.maxMs)} (${s.n} runs); create ${formatMs(r.createMs)}, first run ${formatMs(r.firstRunMs)}`,
    ...(r.load ? [`  ${throughputText(r.load)}`] : []),
    ...warn,
  ].join('\n');
}

/**
 * Download progress of the zoo models a run fetches, rendered as `dnnperf fetch` renders it.
 * Models are fetched one after another: a model's bar ends with its `done`, and at the latest
 * when the run starts, so no bar is left on the terminal.
 */
function fetchProgress(io: CommandIo): (e: RunEvent) => boolean {
  let reporter: ProgressReporter | undefined;
  const stop = () => {
    reporter?.stop();
    reporter = undefined;
  };
  return (e) => {
    if (e.type !== 'fetch') {
      stop();
      return false;
    }
    reporter ??= createProgressReporter(io);
    reporter.onEvent(e.event);
    if (e.event.type === 'done') stop();
    return true;
  };
}

/** For `--json` runs: download progress on stderr, nothing else. */
export function fetchProgressOnly(io: CommandIo): RunEventHandler {
  const fetch = fetchProgress(io);
  return (e) => void fetch(e);
}

export function createProgress(io: CommandIo): RunEventHandler {
  const terminal = barTerminal(io);
  const stream = { write: (text: string) => (terminal ? terminal.write(text) : io.stderr(text)) };
  const fetch = fetchProgress(io);
  let bar: cliProgress.SingleBar | undefined;
  return (e: RunEvent) => {
    if (fetch(e)) return;
    switch (e.type) {
      case 'run-start':
        stream.write(`dnnperf: run ${e.runId}: ${e.total} configurations -> ${e.dir}\n`);
        if (terminal) {
          bar = new cliProgress.SingleBar(
            { stream: terminal, format: ' {bar} {value}/{total} {label}', hideCursor: true, clearOnComplete: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(e.total, 0, { label: '' });
        }
        return;
      case 'config-start':
        if (bar) bar.update(e.position - 1, { label: progressLabel(e.config) });
        else stream.write(`[${e.position}/${e.total}] ${progressLabel(e.config)} ...\n`);
        return;
      case 'config-profile':
        bar?.update(e.position - 1, { label: `${progressLabel(e.config)} (per-layer pass)` });
        return;
      case 'config-end':
        if (bar) {
          bar.stop();
          stream.write(`${resultLine(e.result)}\n`);
          bar.start(e.total, e.position, { label: '' });
        } else {
          stream.write(`[${e.position}/${e.total}] ${resultLine(e.result)}\n`);
        }
        return;
      case 'config-skipped':
        if (bar) bar.update(e.position, { label: '' });
        else stream.write(`[${e.position}/${e.total}] ${progressLabel(e.config)}: skipped by the latency-budget search: ${e.reason}\n`);
        return;
      case 'budget':
        return;
      case 'run-end':
        bar?.stop();
        stream.write(e.interrupted ? `dnnperf: interrupted: finished configurations are in ${e.dir}\n` : `dnnperf: results in ${e.dir}\n`);
    }
  };
}
