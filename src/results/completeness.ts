/**
 * Whether a run holds a finished result for every planned configuration and trial. An
 * interrupted run keeps what it measured, but it is not a complete run: a cut last line, a
 * configuration stopped by Ctrl-C and planned ones never started are all "missing", and
 * whoever judges the run (baseline save, gate, compare) must say so rather than pass it.
 */

import { configLabel, labelParts } from './config-label.js';
import type { RunData } from './run-files.js';
import type { ConfigResult, ConfigSpec } from './schema.js';

/** The failure phase the supervisor records for a configuration stopped by Ctrl-C. */
export const INTERRUPTED_PHASE = 'interrupted';

/** One planned measurement: a configuration key and its trial. */
export const resultSlot = (c: Pick<ConfigSpec, 'key' | 'trial'>): string => `${c.key}#${c.trial}`;

/** A finished result: anything but a configuration stopped by Ctrl-C. */
export const isFinished = (r: ConfigResult): boolean => !(r.status === 'failed' && r.phase === INTERRUPTED_PHASE);

export interface Completeness {
  /** Where a cut-off last line was dropped (`results.jsonl:<line>`), if one was. */
  cutLine?: string;
  /** Planned configuration trials without a finished result, in plan order. */
  missing: ConfigSpec[];
}

export function runCompleteness(run: RunData): Completeness {
  const finished = new Set(run.results.filter(isFinished).map((r) => resultSlot(r.config)));
  return {
    ...(run.cutLine ? { cutLine: run.cutLine } : {}),
    missing: run.manifest.configurations.filter((c) => !finished.has(resultSlot(c))),
  };
}

export const isComplete = (c: Completeness): boolean => c.cutLine === undefined && c.missing.length === 0;

/** One phrase: "2 of 12 planned measurements have no result (...), the last line was cut off". */
export function describeIncompleteness(c: Completeness, total: number, label: (c: ConfigSpec) => string = (s) => configLabel(labelParts(s))): string {
  const parts: string[] = [];
  if (c.missing.length > 0) {
    const names = [...new Set(c.missing.map(label))];
    const shown = names.slice(0, 4).join(', ') + (names.length > 4 ? ` and ${names.length - 4} more` : '');
    parts.push(`${c.missing.length} of ${total} planned measurements have no finished result (${shown})`);
  }
  if (c.cutLine) parts.push(`its last result line was cut off (${c.cutLine})`);
  return parts.join(', and ');
}
