/**
 * The modes of a latency distribution from a Gaussian kernel density estimate on the log
 * scale (Silverman, Density Estimation for Statistics and Data Analysis, 1986, section 3.4.2:
 * the rule-of-thumb bandwidth 0.9 min(sd, IQR/1.34) n^(-1/5), which errs towards smoothing
 * modes away rather than inventing them). A mode counts when it holds at least `minShare`
 * of the samples and the valley to its neighbour dips below `maxValley` of the lower peak,
 * so a shoulder or a ripple in the tail is not a second mode.
 */
import { quantileSorted, sampleStandardDeviation } from 'simple-statistics';

export interface Mode {
  /** The density peak, in the samples' unit. */
  at: number;
  /** Share of the samples between the valleys on either side. */
  share: number;
}

export interface ModeOptions {
  /** Least share of the samples a mode must hold (default 0.1). */
  minShare?: number;
  /** Valley depth: the density between two modes must fall under this share of the lower peak (default 0.5). */
  maxValley?: number;
}

const GRID = 256;

export function findModes(samples: readonly number[], o: ModeOptions = {}): Mode[] {
  const minShare = o.minShare ?? 0.1;
  const maxValley = o.maxValley ?? 0.5;
  const logs = samples
    .filter((x) => x > 0)
    .map(Math.log)
    .sort((a, b) => a - b);
  const n = logs.length;
  if (n < 10) return n > 0 ? [{ at: Math.exp(quantileSorted(logs, 0.5)), share: 1 }] : [];
  // The 1st-99th percentile range: rare spikes would stretch the grid without adding a mode.
  const lo = quantileSorted(logs, 0.01);
  const hi = quantileSorted(logs, 0.99);
  const spread = Math.min(sampleStandardDeviation(logs), (quantileSorted(logs, 0.75) - quantileSorted(logs, 0.25)) / 1.34);
  if (!(hi > lo) || !(spread > 0)) return [{ at: Math.exp(quantileSorted(logs, 0.5)), share: 1 }];
  const h = 0.9 * spread * n ** -0.2;
  const step = (hi - lo) / (GRID - 1);
  // Bin the samples on the grid, then smooth the bins with the kernel (a binned KDE).
  const counts = new Float64Array(GRID);
  for (const x of logs) if (x >= lo && x <= hi) counts[Math.round((x - lo) / step)]! += 1;
  const reach = Math.ceil((4 * h) / step);
  const kernel = Array.from({ length: 2 * reach + 1 }, (_, i) => Math.exp(-0.5 * (((i - reach) * step) / h) ** 2));
  const density = new Float64Array(GRID);
  for (let i = 0; i < GRID; i++) {
    if (counts[i] === 0) continue;
    for (let k = -reach; k <= reach; k++) {
      const j = i + k;
      if (j >= 0 && j < GRID) density[j]! += counts[i]! * kernel[k + reach]!;
    }
  }
  // Local maxima and the minima between them; merge peaks whose valley is not deep enough.
  const peaks: number[] = [];
  for (let i = 0; i < GRID; i++) {
    const left = i === 0 ? -Infinity : density[i - 1]!;
    const right = i === GRID - 1 ? -Infinity : density[i + 1]!;
    if (density[i]! > left && density[i]! >= right) peaks.push(i);
  }
  const valley = (a: number, b: number) => {
    let m = a;
    for (let i = a; i <= b; i++) if (density[i]! < density[m]!) m = i;
    return m;
  };
  let merged = true;
  while (merged && peaks.length > 1) {
    merged = false;
    for (let p = 0; p + 1 < peaks.length; p++) {
      const [a, b] = [peaks[p]!, peaks[p + 1]!];
      if (density[valley(a, b)]! > maxValley * Math.min(density[a]!, density[b]!)) {
        peaks.splice(density[a]! >= density[b]! ? p + 1 : p, 1);
        merged = true;
        break;
      }
    }
  }
  // Each mode's share: the samples between the valleys around it; small ones fold into a neighbour.
  const bounds = [lo - 1, ...peaks.slice(1).map((b, p) => lo + valley(peaks[p]!, b) * step), hi + 1];
  const modes = peaks.map((p, m) => ({
    at: Math.exp(lo + p * step),
    share: logs.filter((x) => x > bounds[m]! && x <= bounds[m + 1]!).length / n,
  }));
  const kept = modes.filter((m) => m.share >= minShare);
  return kept.length > 0 ? kept : [modes.reduce((a, b) => (b.share > a.share ? b : a))];
}
