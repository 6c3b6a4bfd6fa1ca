/**
 * What a comparison means for a CI gate, as data; the CLI maps it to an exit code.
 *
 * - pass (0): no regression, nothing newly failing.
 * - regression (1): at least one configuration regressed, or failed in head while it was ok
 *   in the base (a model that stopped running is worse than a slow one).
 * - environment-suspect (2): most of the matrix moved together (src/compare/drift-guard.ts).
 *   Exit 2, not 1: the gate could not judge the change, like a baseline from another
 *   machine; the build is still red, but the message sends people to the machine, and
 *   tooling that files one bug per regression on exit 1 does not file N wrong ones.
 */
import { configLabel } from '../results/config-label.js';
import type { Comparison } from './types.js';

export type GateStatus = 'pass' | 'regression' | 'environment-suspect';

export interface GateOutcome {
  status: GateStatus;
  exitCode: 0 | 1 | 2;
  /** One line for the terminal and the CI log. */
  message: string;
  /** Labels of regressed configurations, and of those failing in head only. */
  regressions: string[];
  newFailures: string[];
}

/** Configurations ok in the base that failed in head (unavailable is not a failure). */
export function newFailures(c: Comparison): Comparison['notComparable'] {
  return c.notComparable.filter((n) => n.baseStatus === 'ok' && n.headStatus === 'failed');
}

export function gateOutcome(c: Comparison): GateOutcome {
  const regressions = c.configs.filter((x) => x.verdict === 'regression').map((x) => configLabel(x));
  const failing = newFailures(c).map((n) => n.label);
  if (c.environmentSuspect) {
    return { status: 'environment-suspect', exitCode: 2, message: `environment suspect: ${c.environmentSuspectReason}`, regressions, newFailures: failing };
  }
  if (regressions.length > 0 || failing.length > 0) {
    const parts = [
      regressions.length > 0 ? `${regressions.length} regression${regressions.length === 1 ? '' : 's'} (${regressions.join(', ')})` : '',
      failing.length > 0 ? `${failing.length} newly failing (${failing.join(', ')})` : '',
    ].filter(Boolean);
    return { status: 'regression', exitCode: 1, message: `gate failed: ${parts.join('; ')}`, regressions, newFailures: failing };
  }
  return {
    status: 'pass',
    exitCode: 0,
    message: `gate passed: ${c.configs.length} configuration${c.configs.length === 1 ? '' : 's'} compared, no regression past the threshold`,
    regressions,
    newFailures: failing,
  };
}
