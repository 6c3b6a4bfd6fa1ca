/** What a run reports as it goes; reporters (progress bar, plain lines, JSON) render these. */

import type { FetchEvent } from '../models/fetch/events.js';
import type { ConfigResult, ConfigSpec, LatencyBudgetOutcome } from '../results/schema.js';

export type RunEvent =
  /** A zoo model being downloaded while the run is planned (before run-start). */
  | { type: 'fetch'; event: FetchEvent }
  | { type: 'run-start'; runId: string; dir: string; total: number }
  | { type: 'config-start'; position: number; total: number; config: ConfigSpec }
  | { type: 'config-profile'; position: number; total: number; config: ConfigSpec }
  | { type: 'config-end'; position: number; total: number; result: ConfigResult }
  /** A latency-budget search passed over this configuration (it is not measured). */
  | { type: 'config-skipped'; position: number; total: number; config: ConfigSpec; reason: string }
  | { type: 'budget'; outcome: LatencyBudgetOutcome }
  | { type: 'run-end'; runId: string; dir: string; interrupted: boolean };

export type RunEventHandler = (event: RunEvent) => void;
