/**
 * The version of the measurement protocol that runs use unless `--protocol` picks another: what the harness does around the timed runs
 * (warm-up rule, sessions and threads, how children are started). A change that can shift
 * medians bumps it; runs and baselines record it, and compare and the gate refuse to judge a
 * run against a baseline of another version (medians would differ by the protocol alone).
 * Files written before versions were recorded are version 1.
 */
export const PROTOCOL_VERSION = 1;

/** What each version changed, for the refusal message and the README. */
export const PROTOCOL_CHANGES: Record<number, string> = {
  1: "fixed-time warm-up, one session per process, the engine's own thread defaults",
  2: 'warm-up until the rate is stable and, on GPUs, until the SM clock has settled (opt-in)',
};

export const protocolVersionOf = (recorded: number | undefined): number => recorded ?? 1;
