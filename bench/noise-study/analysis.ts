/**
 * Within- against between-process variance of per-process timings (pure): each process
 * reports the medians of B timed blocks; on the log scale, a one-way random-effects ANOVA
 * splits the variance of block medians into the part shared by the blocks of a process
 * (between processes) and the rest (within): sigma_w^2 = mean of the per-process variances,
 * sigma_b^2 = max(0, var(process means) - sigma_w^2 / B).
 */
import { mean, median, sampleCorrelation, sampleVariance } from 'simple-statistics';

export interface ProcessFigures {
  blockMediansMs: number[];
  /** Mean of the speed probe before and after sampling, ms. */
  speedProbeMs: number;
  gcCount: number;
  otherCores: number;
}

export interface CellFigures {
  processes: number;
  medianMs: number;
  /** Spread of the per-process medians: sd / mean. */
  cvProcessMedians: number;
  /** sigma_b and sigma_w on the log scale (about relative spreads). */
  betweenCv: number;
  withinCv: number;
  /** sigma_b^2 / (sigma_b^2 + sigma_w^2). */
  betweenShare: number;
  /** Slowest per-process median over the fastest. */
  maxOverMin: number;
  /** Pearson r across processes of the speed probe and the process median: a process on a slower CPU. */
  speedCorrelation: number | null;
  meanGcPerProcess: number;
  /** Mean over processes of the first block's median against the later blocks' (warm-up not done when above 0). */
  firstBlockExcess: number;
}

export function cellFigures(processes: readonly ProcessFigures[]): CellFigures {
  const logs = processes.map((p) => p.blockMediansMs.map(Math.log));
  const means = logs.map((l) => mean(l));
  const within = mean(logs.map((l) => (l.length > 1 ? sampleVariance(l) : 0)));
  const blocks = mean(logs.map((l) => l.length));
  const between = processes.length > 1 ? Math.max(0, sampleVariance(means) - within / blocks) : 0;
  const medians = processes.map((p) => median(p.blockMediansMs));
  const probes = processes.map((p) => p.speedProbeMs);
  return {
    processes: processes.length,
    medianMs: median(medians),
    cvProcessMedians: medians.length > 1 ? Math.sqrt(sampleVariance(medians)) / mean(medians) : 0,
    betweenCv: Math.sqrt(between),
    withinCv: Math.sqrt(within),
    betweenShare: between + within > 0 ? between / (between + within) : 0,
    maxOverMin: Math.max(...medians) / Math.min(...medians),
    speedCorrelation: processes.length > 2 && sampleVariance(probes) > 0 && sampleVariance(medians) > 0 ? sampleCorrelation(probes, medians) : null,
    meanGcPerProcess: mean(processes.map((p) => p.gcCount)),
    firstBlockExcess: mean(processes.map((p) => (p.blockMediansMs.length > 1 ? p.blockMediansMs[0]! / mean(p.blockMediansMs.slice(1)) - 1 : 0))),
  };
}

/** Share of a reference's between-process variance that a variant removes (negative: it adds). */
export function spreadRemoved(reference: CellFigures, variant: CellFigures): number {
  const r = reference.betweenCv ** 2;
  return r > 0 ? 1 - variant.betweenCv ** 2 / r : 0;
}
