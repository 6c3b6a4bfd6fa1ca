/**
 * `--latency-budget`: walks each model and backend's concurrency levels (and batch sizes)
 * upwards and stops a sweep where going further cannot help, in the manner of Triton
 * perf_analyzer's `--latency-threshold` ("terminate the concurrency search once the measured
 * latency exceeds this threshold"), which it extends with a throughput rule and a named answer:
 *
 * - a concurrency sweep (one model, backend, batch and mode) stops when p99 passes the budget,
 *   or when samples/s rose by less than MIN_THROUGHPUT_GAIN over the best so far;
 * - the batch sweep stops when batch b already passes the budget at concurrency 1 (larger
 *   batches only take longer), or when the best samples/s within the budget at batch b is not
 *   MIN_THROUGHPUT_GAIN above that of the smaller batches;
 * - a configuration that failed (out of memory, say) ends its sweep.
 *
 * The best configuration is the one with the most samples/s whose p99 fits the budget.
 * Plain state, no I/O: the run core asks before each configuration and records each result.
 */
import type { ConfigResult, ConfigSpec, LatencyBudgetOutcome, LoadPoint } from '../results/schema.js';
import { percentileOf } from '../stats/latency-percentiles.js';

/** Less than this relative gain in samples/s counts as "throughput stopped rising". */
export const MIN_THROUGHPUT_GAIN = 0.05;

export const BUDGET_RULE = (budgetMs: number) =>
  `best samples/s with p99 <= ${budgetMs} ms; each concurrency sweep stops when p99 passes the budget or samples/s rises by less than ` +
  `${MIN_THROUGHPUT_GAIN * 100}% over the best so far, and the batch sweep stops when a batch passes the budget at concurrency 1 ` +
  `or its best samples/s within the budget is less than ${MIN_THROUGHPUT_GAIN * 100}% above the smaller batches'`;

type Step = LatencyBudgetOutcome['steps'][number];

interface Best {
  samplesPerS: number;
  concurrency: number;
}

const groupOf = (c: ConfigSpec): string => `${c.model.sha256}|${c.spec}|${JSON.stringify(c.options)}`;
const seriesOf = (c: ConfigSpec, mode: string): string => `${groupOf(c)}|${c.batch}|${mode}`;
const batchOf = (c: ConfigSpec): string => `${groupOf(c)}|${c.batch}`;
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toPrecision(3));

export class BudgetSearch {
  private readonly steps: Step[] = [];
  private readonly groupStop = new Map<string, string>();
  private readonly batchStop = new Map<string, string>();
  private readonly seriesStop = new Map<string, string>();
  /** Best samples/s so far per series (concurrency 1 starts every mode's series). */
  private readonly seriesBest = new Map<string, Best>();
  private readonly batchBestWithin = new Map<string, number>();
  /** Per group: the batch being swept, and the best samples/s within the budget of the batches before it. */
  private readonly current = new Map<string, { batch: number; bestBefore: number }>();
  /** Every measured point, for the answer. */
  private readonly points: Array<{ config: ConfigSpec; point: LoadPoint; p99Ms: number }> = [];
  private readonly groups = new Map<string, { model: string; spec: string }>();

  constructor(readonly budgetMs: number) {}

  /** Why the search passes over this configuration, or undefined to measure it. */
  skipReason(c: ConfigSpec): string | undefined {
    const g = groupOf(c);
    this.groups.set(g, { model: c.model.name, spec: c.spec });
    this.advanceBatch(g, c.batch);
    const why =
      this.groupStop.get(g) ?? this.batchStop.get(batchOf(c)) ?? (c.concurrencyMode ? this.seriesStop.get(seriesOf(c, c.concurrencyMode)) : undefined);
    if (why) this.steps.push({ ...this.stepBase(c), status: 'skipped', reason: why });
    return why;
  }

  record(r: ConfigResult): void {
    const c = r.config;
    const concurrency = c.concurrency ?? 1;
    if (r.status !== 'ok' || !r.load) {
      const why = r.status === 'ok' ? 'no throughput point recorded' : `${r.status} at batch ${c.batch}, concurrency ${concurrency}: ${r.reason}`;
      this.steps.push({ ...this.stepBase(c), status: r.status === 'ok' ? 'failed' : r.status, reason: why });
      if (c.concurrencyMode) this.seriesStop.set(seriesOf(c, c.concurrencyMode), why);
      else {
        this.batchStop.set(batchOf(c), why);
        this.groupStop.set(groupOf(c), why);
      }
      return;
    }
    const point = r.load;
    const p99Ms = percentileOf(point.latency, 99).ms;
    const within = p99Ms <= this.budgetMs;
    this.points.push({ config: c, point, p99Ms });
    if (within) this.batchBestWithin.set(batchOf(c), Math.max(this.batchBestWithin.get(batchOf(c)) ?? 0, point.samplesPerS));
    const step: Step = { ...this.stepBase(c), status: 'measured', samplesPerS: point.samplesPerS, p99Ms, withinBudget: within };
    this.steps.push(step);
    const over = `p99 ${fmt(p99Ms)} ms > budget ${this.budgetMs} ms at batch ${c.batch}, concurrency ${concurrency}`;
    if (!c.concurrencyMode) {
      this.seriesBest.set(batchOf(c), { samplesPerS: point.samplesPerS, concurrency: 1 });
      if (!within) {
        step.reason = `${over}: larger concurrency and batch only wait longer`;
        this.batchStop.set(batchOf(c), step.reason);
        this.groupStop.set(groupOf(c), `batch ${c.batch} already passes the budget at concurrency 1 (${over})`);
      }
      return;
    }
    const series = seriesOf(c, c.concurrencyMode);
    const best = this.seriesBest.get(series) ?? this.seriesBest.get(batchOf(c));
    if (!within) {
      step.reason = over;
      this.seriesStop.set(series, over);
    } else if (best && point.samplesPerS < best.samplesPerS * (1 + MIN_THROUGHPUT_GAIN)) {
      step.reason =
        `throughput stopped rising: ${fmt(point.samplesPerS)} samples/s at concurrency ${concurrency} against ${fmt(best.samplesPerS)} at ${best.concurrency} ` +
        `(less than ${MIN_THROUGHPUT_GAIN * 100}% more)`;
      this.seriesStop.set(series, step.reason);
    }
    if (!best || point.samplesPerS > best.samplesPerS) this.seriesBest.set(series, { samplesPerS: point.samplesPerS, concurrency });
  }

  outcome(): LatencyBudgetOutcome {
    const best = [...this.groups.entries()].map(([g, { model, spec }]) => {
      const mine = this.points.filter((p) => groupOf(p.config) === g);
      const within = mine.filter((p) => p.p99Ms <= this.budgetMs).sort((a, b) => b.point.samplesPerS - a.point.samplesPerS);
      const top = within[0];
      if (!top) {
        const lowest = [...mine].sort((a, b) => a.p99Ms - b.p99Ms)[0];
        const reason = lowest
          ? `no configuration kept p99 within ${this.budgetMs} ms (the lowest was ${fmt(lowest.p99Ms)} ms, at batch ${lowest.config.batch}, concurrency ${lowest.point.concurrency})`
          : 'no configuration measured ok';
        return { model, spec, found: false, reason };
      }
      return {
        model,
        spec,
        found: true,
        key: top.config.key,
        batch: top.config.batch,
        concurrency: top.point.concurrency,
        mode: top.point.mode,
        samplesPerS: top.point.samplesPerS,
        inferencesPerS: top.point.inferencesPerS,
        p99Ms: top.p99Ms,
      };
    });
    return { budgetMs: this.budgetMs, rule: BUDGET_RULE(this.budgetMs), best, steps: this.steps };
  }

  /** Entering a new batch of a group: did the one before it raise samples/s within the budget? */
  private advanceBatch(g: string, batch: number): void {
    const cur = this.current.get(g);
    if (!cur) {
      this.current.set(g, { batch, bestBefore: 0 });
      return;
    }
    if (cur.batch === batch) return;
    const finished = this.batchBestWithin.get(`${g}|${cur.batch}`) ?? 0;
    if (!this.groupStop.has(g) && cur.bestBefore > 0 && finished < cur.bestBefore * (1 + MIN_THROUGHPUT_GAIN)) {
      this.groupStop.set(
        g,
        `samples/s within the budget stopped rising with batch: ${fmt(finished)} at batch ${cur.batch} against ${fmt(cur.bestBefore)} at smaller batches`,
      );
    }
    this.current.set(g, { batch, bestBefore: Math.max(cur.bestBefore, finished) });
  }

  private stepBase(c: ConfigSpec): Omit<Step, 'status'> {
    return {
      key: c.key,
      model: c.model.name,
      spec: c.spec,
      batch: c.batch,
      concurrency: c.concurrency ?? 1,
      ...(c.concurrencyMode ? { mode: c.concurrencyMode } : {}),
    };
  }
}
