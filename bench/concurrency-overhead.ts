/**
 * Is the closed-loop harness ever the bottleneck? The mock engine on the real clock
 * (`mock:clock=real`) blocks each request's thread for a known service time, as a synchronous
 * call into a device does, and nothing else: with N requests in flight the ideal throughput is
 * exactly N / service time. This measures N = 1, 2, 4, 8 through the whole harness (a child
 * process per configuration, worker threads, shared-memory rings, windows until stable) and
 * prints measured against ideal. Prints figures; asserts nothing.
 *   npx tsx bench/concurrency-overhead.ts [--service-ms 50] [--window-s 1]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runSuite } from '../src/run/run-suite.js';
import { percentileOf } from '../src/stats/latency-percentiles.js';

const { values } = parseArgs({ options: { 'service-ms': { type: 'string', default: '50' }, 'window-s': { type: 'string', default: '1' } } });
const serviceMs = Number(values['service-ms']);
const windowMs = Number(values['window-s']) * 1000;
const levels = [1, 2, 4, 8];

const run = await runSuite({
  models: ['mlp-mini'],
  engines: ['sleepy=mock:clock=real'],
  backends: ['sleepy:cpu'],
  concurrency: levels,
  layers: false,
  outDir: mkdtempSync(join(tmpdir(), 'dnnperf-concurrency-bench-')),
  loadProtocol: { windowMs },
  protocol: { warmupMs: 500, maxTimeMs: 15_000 },
  childEnv: { DNNPERF_MOCK_SERVICE_MS: `*=${serviceMs}` },
});

console.log(`closed loop against a known service time of ${serviceMs} ms per request (mock:clock=real), windows of ${windowMs} ms`);
console.log('concurrency  ideal/s   measured/s  measured/ideal  mean latency  service overshoot  idle between requests');
for (const r of run.results) {
  if (r.status !== 'ok' || !r.load) {
    console.log(`${r.config.concurrency}: ${r.status} ${r.status === 'ok' ? 'no throughput point' : r.reason}`);
    continue;
  }
  const c = r.load.concurrency;
  const ideal = (c * 1000) / serviceMs;
  const meanMs = r.stats.meanMs;
  // Little's law for a closed loop: throughput = N / (latency + idle), so the idle time per
  // request between one completion and the lane's next start is N / throughput - latency.
  const idleMs = (c * 1000) / r.load.inferencesPerS - meanMs;
  console.log(
    `${String(c).padEnd(12)} ${ideal.toFixed(2).padStart(7)}  ${r.load.inferencesPerS.toFixed(2).padStart(10)}  ${((r.load.inferencesPerS / ideal) * 100).toFixed(2).padStart(13)}%` +
      `  ${meanMs.toFixed(3).padStart(9)} ms  ${(meanMs - serviceMs).toFixed(3).padStart(13)} ms  ${(idleMs * 1000).toFixed(1).padStart(14)} us` +
      `  (p99 ${percentileOf(r.load.latency, 99).ms.toFixed(3)} ms, ${r.stats.n} requests, ${r.load.stability.stable ? 'stable' : 'not stable'}${r.load.cpu ? `, ${r.load.cpu.busyCores.toFixed(3)} cores busy` : ''})`,
  );
}
