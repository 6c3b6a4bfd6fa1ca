#!/usr/bin/env node
// Prints, from a run folder of a concurrency sweep, one markdown table: per backend/target and
// batch, samples/s and p99 at each concurrency, and what batching and parallel sessions buy
// against batch 1 at concurrency 1 of the same backend. Plain Node (no build, no tsx), so it runs
// wherever the run was made.   node scripts/concurrency-table.mjs <run-folder>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/concurrency-table.mjs <run-folder>');
  process.exit(2);
}
const results = readFileSync(join(dir, 'results.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const ok = results.filter((r) => r.status === 'ok' && r.load);
const p99 = (load) => load.latency.find((p) => p.p === 99).ms;
const key = (r) => `${r.config.model.name}|${r.config.spec}${r.config.concurrencyMode === 'shared' ? ' shared' : ''}`;
const levels = [...new Set(ok.map((r) => r.load.concurrency))].sort((a, b) => a - b);
const rows = new Map();
for (const r of ok) {
  const k = `${key(r)}|${r.config.batch}`;
  if (!rows.has(k)) rows.set(k, { model: r.config.model.name, series: key(r).split('|')[1], batch: r.config.batch, byLevel: new Map() });
  rows.get(k).byLevel.set(r.load.concurrency, r);
}
// The same backend's batch 1, concurrency 1 point: what everything else is measured against.
const base = (row) => {
  const series = row.series.replace(/ shared$/, '');
  return ok.find((r) => r.config.model.name === row.model && r.config.spec === series && r.config.batch === 1 && r.load.concurrency === 1);
};
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toPrecision(3));
console.log(`| model | backend/target | batch | ${levels.map((c) => `c${c}: samples/s (p99 ms)`).join(' | ')} | best vs b1 c1: throughput, p99 |`);
console.log(`| --- | --- | ---: | ${levels.map(() => '---:').join(' | ')} | --- |`);
const sorted = [...rows.values()].sort((a, b) => a.model.localeCompare(b.model) || a.series.localeCompare(b.series) || a.batch - b.batch);
for (const row of sorted) {
  const cells = levels.map((c) => {
    const r = row.byLevel.get(c);
    if (!r) return '–';
    return `${fmt(r.load.samplesPerS)} (${fmt(p99(r.load))})${r.load.stability.stable ? '' : '*'}`;
  });
  const b = base(row);
  const best = [...row.byLevel.values()].sort((x, y) => y.load.samplesPerS - x.load.samplesPerS)[0];
  const gain = b
    ? `${(best.load.samplesPerS / b.load.samplesPerS).toFixed(2)}x at c${best.load.concurrency}, p99 ${(p99(best.load) / p99(b.load)).toFixed(2)}x`
    : '–';
  console.log(`| ${row.model} | ${row.series} | ${row.batch} | ${cells.join(' | ')} | ${gain} |`);
}
// Configurations that did not measure, grouped by what and why (a backend unavailable here is one line).
const notOk = new Map();
for (const r of results.filter((x) => x.status !== 'ok')) {
  const k = `${r.config.model.name} ${r.config.spec}: ${r.status}${r.phase ? ` (${r.phase})` : ''}: ${r.reason}`;
  notOk.set(k, [...(notOk.get(k) ?? []), `b${r.config.batch}xc${r.config.concurrency ?? 1}`]);
}
if (notOk.size > 0) {
  console.log('');
  for (const [what, where] of notOk) console.log(`- ${where.join(', ')}: ${what}`);
}
console.log('');
console.log('`*`: not stable by the rule (last 3 windows within 10% in inferences/s and mean latency) within the time cap.');
