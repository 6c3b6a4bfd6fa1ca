/** Measures the rounds of a schedule: one run of the suite per round, on real onnxruntime CPU processes. */
import { performance } from 'node:perf_hooks';
import { GATE_PROTOCOL } from '../../src/gate/gate.js';
import type { RunData } from '../../src/results/run-files.js';
import type { ProtocolOptions } from '../../src/results/schema.js';
import { runSuite } from '../../src/run/run-suite.js';
import type { Schedule } from './schedule.js';

export interface Measured {
  runs: RunData[];
  seconds: number;
  processes: number;
  /** Mean wall seconds of one process (spawn to result), by configuration key. */
  secondsByKey: Record<string, number>;
}

export async function measureRounds(
  out: string,
  schedule: Schedule,
  log: (line: string) => void,
  protocolVersion?: number,
  protocol: Partial<ProtocolOptions> = GATE_PROTOCOL,
): Promise<Measured> {
  const started = performance.now();
  const runs: RunData[] = [];
  const spent = new Map<string, number[]>();
  let processes = 0;
  for (const [r, levels] of schedule.levels.entries()) {
    const inject = Object.fromEntries(Object.entries(levels).filter(([, pct]) => pct > 0));
    log(
      `round ${r + 1}/${schedule.levels.length}: inject ${
        Object.entries(inject)
          .map(([m, p]) => `${m}=${p}%`)
          .join(', ') || 'nothing'
      } ...`,
    );
    let t0 = performance.now();
    const run = await runSuite(
      {
        suite: schedule.suite,
        ...(schedule.models ? { models: schedule.models } : {}),
        ...(schedule.batches ? { batches: schedule.batches } : {}),
        backends: ['ort:cpu'],
        trials: schedule.trialsPerRound,
        layers: false,
        fetch: false,
        outDir: out,
        runId: `round-${r + 1}`,
        protocol,
        ...(protocolVersion ? { protocolVersion } : {}),
        injectSlowdownPct: inject,
      },
      (e) => {
        if (e.type === 'config-start') t0 = performance.now();
        if (e.type !== 'config-end') return;
        processes++;
        const key = e.result.config.key;
        spent.set(key, [...(spent.get(key) ?? []), (performance.now() - t0) / 1000]);
        if (e.result.status !== 'ok') log(`  ${e.result.config.model.name} b${e.result.config.batch}: ${e.result.status}: ${e.result.reason}`);
      },
    );
    runs.push(run);
    const elapsed = (performance.now() - started) / 1000;
    log(`  done at ${(elapsed / 60).toFixed(1)} min (${(elapsed / processes).toFixed(2)} s per process)`);
  }
  const secondsByKey = Object.fromEntries([...spent].map(([k, s]) => [k, s.reduce((a, b) => a + b, 0) / s.length]));
  return { runs, seconds: (performance.now() - started) / 1000, processes, secondsByKey };
}
