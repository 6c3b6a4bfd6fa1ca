/** The gate-quality figures as lines of text, with Clopper-Pearson bounds and the targets of issue 11 (pure). */
import { clopperPearson } from '../../src/stats/clopper-pearson.js';
import type { GateQualityFigures } from './analysis.js';

/** Targets: false regressions under 1% of configurations; detection of 10% in 95% and of 5% in 80% of gates. */
export const TARGETS = { aaFalseRegressionUpper: 0.01, detection: { 10: 0.95, 5: 0.8 } as Record<string, number> };

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/** "4/4000 = 0.10% (95% CP [0.03%, 0.26%]; if only the 10 disjoint ones counted: upper 30.85%)". */
export function rateLine(events: number, total: number, independent: number): string {
  const all = clopperPearson(events, total);
  const ind = clopperPearson(Math.min(independent, Math.round((events / total) * independent)), Math.max(1, independent));
  return `${events}/${total} = ${pct(events / total)} (95% CP [${pct(all.low)}, ${pct(all.high)}]; counting only the ${independent} disjoint ones: upper ${pct(ind.high)})`;
}

export function reportLines(f: GateQualityFigures): string[] {
  const d = f.design;
  const out: string[] = [];
  out.push(
    `sequential gate: baseline of ${f.baselineTrials} trials, head ${d.firstTrials} trials then +${d.stepTrials} for undecided configurations up to ${d.maxTrials}, ` +
      `${d.spending} spending, budget ${f.budgetS} s; ${f.repetitions} resampled A/A gates`,
  );
  out.push('per configuration (clean per-process medians):');
  for (const c of f.configs) {
    out.push(
      `  ${c.label.padEnd(22)} median ${c.medianMs.toFixed(4)} ms, CV ${pct(c.cleanCv)} over ${c.cleanTrials} processes, ${c.secondsPerTrial.toFixed(2)} s per process, A/A MDE ${c.aaMeanMdePct === null ? '-' : `${c.aaMeanMdePct.toFixed(1)}%`}`,
    );
  }
  const a = f.aa;
  const disjoint = a.disjointPerConfig * f.configs.length;
  out.push(`A/A (${a.gates} gates; ${a.disjointPerConfig} disjoint per configuration):`);
  out.push(`  false regressions per configuration: ${rateLine(a.falseRegressions, a.comparisons, disjoint)}`);
  out.push(`  any false change (regression or improvement): ${pct(a.falseChanges / a.comparisons)}`);
  out.push(`  gates failed by a false regression: ${rateLine(a.gatesRed, a.gates, a.disjointPerConfig)}; environment suspect: ${a.environmentSuspect}`);
  out.push(
    `  verdicts: ${Object.entries(a.verdicts)
      .map(([v, n]) => `${v} ${pct(n / a.comparisons)}`)
      .join(', ')}`,
  );
  out.push(
    `  looks per gate ${a.meanLooks.toFixed(2)}; measuring time per gate mean ${a.meanSpentS.toFixed(0)} s, max ${a.maxSpentS.toFixed(0)} s; stopped by ${Object.entries(
      a.stoppedBy,
    )
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  for (const [level, det] of Object.entries(f.detection)) {
    out.push(
      `detection of an injected ${level}% slowdown (achieved ratio median ${det.achievedRatio.toFixed(3)}): ${rateLine(det.hits, det.gates, det.disjointConfigs)}`,
    );
  }
  out.push('targets per configuration (detection of 10% >= 95%, of 5% >= 80%):');
  for (const c of f.configs) {
    const parts = Object.entries(TARGETS.detection).map(([level, want]) => {
      const det = c.detection[level];
      if (!det) return `${level}%: not measured`;
      const met = det.rate >= want;
      const mde = det.meanMdePct === null ? 'no MDE' : `MDE ${det.meanMdePct.toFixed(1)}%`;
      return `${level}%: ${pct(det.rate)} of ${det.gates} (achieved ${det.achievedRatio.toFixed(3)}x, ${mde}, inconclusive ${pct(det.inconclusiveShare)}) ${met ? 'met' : 'NOT met'}`;
    });
    out.push(`  ${c.label.padEnd(22)} ${parts.join('; ')}`);
  }
  const upper = clopperPearson(a.falseRegressions, a.comparisons).high;
  out.push(
    `A/A target (false regressions under ${pct(TARGETS.aaFalseRegressionUpper)} of configurations, CP upper over the resampled gates): ${upper < TARGETS.aaFalseRegressionUpper ? 'met' : 'NOT met'} (${pct(upper)})`,
  );
  return out;
}
