/**
 * What a comparison means for a CI gate, as data; the CLI maps it to an exit code. compare
 * --fail-on-regression and the gate both decide here, so the same data gets the same verdict.
 *
 * - pass (0): every configuration compared, no regression, nothing newly failing.
 * - regression (1): at least one configuration regressed, or failed in head while it was ok
 *   in the base (a model that stopped running is worse than a slow one).
 * - environment-suspect (2): most of the matrix moved together (src/compare/drift-guard.ts).
 *   Exit 2, not 1: the gate could not judge the change, like a baseline from another
 *   machine; the build is still red, but the message sends people to the machine, and
 *   tooling that files one bug per regression on exit 1 does not file N wrong ones.
 * - nothing-compared (2): no configuration was measured ok on both sides: a pass would
 *   mean nothing.
 * - incomplete (2): a side lacks planned measurements (an interrupted or cut-off run): what
 *   was not measured cannot pass. A regression among what was measured still exits 1.
 */
import { configLabel } from '../results/config-label.js';
import type { Comparison } from './types.js';

export type GateStatus = 'pass' | 'regression' | 'environment-suspect' | 'nothing-compared' | 'incomplete';

export interface GateOutcome {
  status: GateStatus;
  exitCode: 0 | 1 | 2;
  /** One line for the terminal and the CI log. */
  message: string;
  /** Labels of regressed configurations, and of those failing in head only. */
  regressions: string[];
  newFailures: string[];
  /** Labels of configurations (or sides) with planned measurements missing. */
  incomplete: string[];
}

/** Head configurations that have no finished result at all: not measured, which is not failing. */
function unmeasuredInHead(c: Comparison): Set<string> {
  return new Set(c.incomplete.filter((i) => i.side === 'head' && i.key !== '' && i.measuredTrials === 0).map((i) => i.key));
}

/** Configurations ok in the base that failed in head (unavailable and not measured are not failures). */
export function newFailures(c: Comparison): Comparison['notComparable'] {
  const unmeasured = unmeasuredInHead(c);
  return c.notComparable.filter((n) => n.baseStatus === 'ok' && n.headStatus === 'failed' && !unmeasured.has(n.key));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function listed(labels: readonly string[]): string {
  return labels.slice(0, 5).join(', ') + (labels.length > 5 ? ` and ${labels.length - 5} more` : '');
}

/** `resnet-mini ort:cpu batch 1 (head: 5 of 6 planned trials measured)`, one per configuration and side. */
function incompleteLabels(c: Comparison): string[] {
  return [...new Set(c.incomplete.filter((i) => i.key !== '').map((i) => `${i.label} (${i.side}: ${i.reason})`))];
}

/** `; head r2: last result line cut off (results.jsonl:13): an interrupted write`, when a side was cut. */
function cutNote(c: Comparison): string {
  return c.incomplete
    .filter((i) => i.key === '')
    .map((i) => `; ${i.side} ${i.label}: ${i.reason}`)
    .join('');
}

export function gateOutcome(c: Comparison): GateOutcome {
  const regressions = c.configs.filter((x) => x.verdict === 'regression').map((x) => configLabel(x));
  const failing = newFailures(c).map((n) => n.label);
  const incomplete = incompleteLabels(c);
  const lists = { regressions, newFailures: failing, incomplete };
  const incompleteNote = (incomplete.length > 0 ? `; ${plural(incomplete.length, 'incomplete configuration')} (${listed(incomplete)})` : '') + cutNote(c);
  if (c.environmentSuspect) {
    return { status: 'environment-suspect', exitCode: 2, message: `environment suspect: ${c.environmentSuspectReason}`, ...lists };
  }
  if (regressions.length > 0 || failing.length > 0) {
    const parts = [
      regressions.length > 0 ? `${plural(regressions.length, 'regression')} (${regressions.join(', ')})` : '',
      failing.length > 0 ? `${failing.length} newly failing (${failing.join(', ')})` : '',
    ].filter(Boolean);
    return { status: 'regression', exitCode: 1, message: `gate failed: ${parts.join('; ')}${incompleteNote}`, ...lists };
  }
  if (c.configs.length === 0) {
    const why = [
      c.notComparable.length > 0 ? `${c.notComparable.length} not comparable` : '',
      c.onlyInBase.length > 0 ? `${c.onlyInBase.length} only in ${c.base.label}` : '',
      c.onlyInHead.length > 0 ? `${c.onlyInHead.length} only in ${c.head.label}` : '',
    ].filter(Boolean);
    return {
      status: 'nothing-compared',
      exitCode: 2,
      message:
        `nothing compared: no configuration was measured ok on both sides (${why.join(', ') || 'both sides are empty'})${incompleteNote}: ` +
        'compare runs of the same suite and matrix, measured to the end',
      ...lists,
    };
  }
  if (c.incomplete.length > 0) {
    return {
      status: 'incomplete',
      exitCode: 2,
      message:
        `gate cannot pass: ${plural(incomplete.length, 'configuration')} incomplete (${listed(incomplete)})${cutNote(c)}; ${plural(c.configs.length, 'configuration')} compared without a regression: ` +
        'finish the run (dnnperf run <same flags> --run-id <id> --resume) or measure it again',
      ...lists,
    };
  }
  return {
    status: 'pass',
    exitCode: 0,
    message: `gate passed: ${plural(c.configs.length, 'configuration')} compared, no regression past the threshold`,
    ...lists,
  };
}
