/**
 * What bench/gate-quality.ts measures: rounds of the suite, each with `trialsPerRound`
 * processes per configuration, and in each round an injected slowdown per model. A model's
 * levels over the rounds are [0 x aRounds, ...levels], rotated by the model's position, so
 * every round mixes slowed and clean models and slow drift of the machine spreads over all
 * levels. Pure.
 */
export interface Schedule {
  suite: string;
  models?: string[];
  batches?: number[];
  /** levels[r][model] = injected percent in round r. */
  levels: Array<Record<string, number>>;
  trialsPerRound: number;
}

export interface ScheduleInput {
  suite: string;
  /** The models the rounds rotate over (all of the suite's unless a subset is measured). */
  modelNames: string[];
  /** Given only when a subset of the suite is measured. */
  models?: string[];
  batches?: number[];
  levels: number[];
  aRounds: number;
  trialsPerRound: number;
}

export function makeSchedule(x: ScheduleInput): Schedule {
  const seq = [...Array<number>(x.aRounds).fill(0), ...x.levels];
  return {
    suite: x.suite,
    ...(x.models ? { models: x.models } : {}),
    ...(x.batches ? { batches: x.batches } : {}),
    levels: seq.map((_, r) => Object.fromEntries(x.modelNames.map((m, i) => [m, seq[(r + i) % seq.length]!]))),
    trialsPerRound: x.trialsPerRound,
  };
}

/** Every injected level above 0, ascending. */
export function injectedLevels(s: Schedule): number[] {
  return [...new Set(s.levels.flatMap((l) => Object.values(l)))].filter((l) => l > 0).sort((a, b) => a - b);
}
