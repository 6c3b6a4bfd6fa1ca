/**
 * Configurations measured on a disturbed machine (other processes busy, CPU time stolen, a
 * GPU throttling: recorded per trial by the measuring process, src/env/machine-state.ts) are
 * never judged: a regression there is as likely the neighbour as the code. The comparison is
 * then environment suspect, with one line naming the disturbance and the fix.
 */

import { configLabel } from '../results/config-label.js';
import type { RunData } from '../results/run-files.js';
import type { SideConfig } from './side.js';
import type { ConfigComparison } from './types.js';

/** What disturbed this configuration's trials on either side, or undefined. */
export function configDisturbance(
  base: Pick<SideConfig, 'disturbances' | 'trialMediansMs'>,
  head: Pick<SideConfig, 'disturbances' | 'trialMediansMs'>,
): string | undefined {
  const parts = (
    [
      ['base', base],
      ['head', head],
    ] as const
  ).flatMap(([side, c]) =>
    c.disturbances?.length ? [`${side} ${c.disturbances.length} of ${c.trialMediansMs.length} trials, first ${c.disturbances[0]}`] : [],
  );
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** The environment-suspect line for the disturbed configurations of a comparison, or undefined. */
export function disturbanceReason(configs: ReadonlyArray<Pick<ConfigComparison, 'disturbance' | 'model' | 'spec' | 'headSpec' | 'batch'>>): string | undefined {
  const disturbed = configs.filter((c) => c.disturbance);
  if (disturbed.length === 0) return undefined;
  const first = disturbed[0]!;
  const inBaseline = disturbed.some((c) => c.disturbance!.startsWith('base'));
  return (
    `${disturbed.length} of ${configs.length} configuration${configs.length === 1 ? '' : 's'} measured on a disturbed machine ` +
    `(${configLabel(first)}: ${first.disturbance}): the timings cannot be judged; ` +
    (inBaseline ? 'save the baseline again from a run on an idle machine, ' : '') +
    'stop what else runs (`dnnperf doctor` lists busy processes) and measure again'
  );
}

export interface SetAside {
  /** The run without the set-aside results. */
  run: RunData;
  /** Configuration key -> trials set aside. */
  setAside: Map<string, number[]>;
  /** Configuration keys still short of `minClean` undisturbed trials (their disturbed trials stay in, so they stay suspect). */
  short: Set<string>;
}

/**
 * Leaves out disturbed trials of configurations that keep at least `minClean` undisturbed ok
 * trials without them (the gate measures replacements); the others keep them and stay
 * environment suspect. The run files are never changed: this is the gate's view of them.
 */
export function setAsideDisturbed(run: RunData, minClean: number): SetAside {
  const clean = new Map<string, number>();
  const disturbed = new Map<string, number[]>();
  for (const r of run.results) {
    if (r.status !== 'ok') continue;
    if (r.machine?.disturbance) disturbed.set(r.config.key, [...(disturbed.get(r.config.key) ?? []), r.config.trial]);
    else clean.set(r.config.key, (clean.get(r.config.key) ?? 0) + 1);
  }
  const setAside = new Map<string, number[]>();
  const short = new Set<string>();
  for (const [key, trials] of disturbed) {
    if ((clean.get(key) ?? 0) >= minClean) setAside.set(key, trials);
    else short.add(key);
  }
  const results = run.results.filter((r) => !(r.status === 'ok' && setAside.get(r.config.key)?.includes(r.config.trial)));
  const configurations = run.manifest.configurations.filter((c) => !setAside.get(c.key)?.includes(c.trial));
  return { run: { ...run, results, manifest: { ...run.manifest, configurations } }, setAside, short };
}
