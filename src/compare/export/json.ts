/** The comparison as JSON for programs: the Comparison record itself, with its gate outcome beside it. */
import { gateOutcome } from '../gate-outcome.js';
import type { Comparison } from '../types.js';

export function renderJson(c: Comparison): string {
  return `${JSON.stringify({ comparison: c, gate: gateOutcome(c) }, null, 2)}\n`;
}
