/**
 * Where does the per-process noise come from? For the default suite's configurations this
 * measures plain onnxruntime-node loops (bench/noise-child.ts, outside the harness) in many
 * processes and splits the spread of timings into within-process and between-process
 * variance (./noise-study/analysis.ts); then it changes one candidate cause at a time against
 * a reference setting and reports the share of the between-process spread each removes:
 * intra-op threads and thread-pool spinning, address-space randomization (setarch -R), CPU
 * placement (taskset), the binding's event-loop hop (the async run defers by setImmediate;
 * the native call is synchronous), several sessions per process (layout averaged in the
 * process), input buffer alignment, garbage collection, and the process's CPU speed (a fixed
 * integer loop timed in every process). The timer's own cost is measured beside. Processes
 * are interleaved (process p of every cell, then p + 1), so machine drift spreads evenly.
 * Prints figures and writes them; asserts nothing. Not a test.
 *
 *   npx tsx bench/noise-study.ts [--processes 8] [--part a|b|all] [--out dir] [--reuse dir]
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { configLabel, labelParts } from '../src/results/config-label.js';
import { resolveRunOptions } from '../src/run/options.js';
import { planRun } from '../src/run/plan.js';
import type { NoiseChildResult, NoiseChildSpec } from './noise-child.js';
import { type CellFigures, cellFigures, spreadRemoved } from './noise-study/analysis.js';

const { values: args } = parseArgs({
  options: {
    processes: { type: 'string', default: '8' },
    'keep-busy': { type: 'boolean', default: false },
    part: { type: 'string', default: 'all' },
    out: { type: 'string' },
    reuse: { type: 'string' },
    'block-ms': { type: 'string', default: '150' },
    blocks: { type: 'string', default: '5' },
    'warmup-ms': { type: 'string', default: '300' },
    'b-configs': { type: 'string', default: 'mobilenetv2-mini/1,transformer-mini/1,resnet-mini/1,mlp-mini/1' },
  },
});

interface Variant {
  name: string;
  what: string;
  /** The variant it changes one thing of. */
  reference?: string;
  spec: Partial<NoiseChildSpec>;
  /** A command the child runs under, e.g. setarch -R. */
  prefix?: string[];
  nodeFlags?: string[];
}

const T1 = { threads: 1 };
const VARIANTS: Variant[] = [
  { name: 'default', what: "onnxruntime's defaults (intra-op threads = cores, spinning on), async run", spec: {} },
  { name: 'threads1', what: 'intraOpNumThreads 1', reference: 'default', spec: T1 },
  { name: 'no-spin', what: 'session.intra_op.allow_spinning 0', reference: 'default', spec: { spinning: false } },
  { name: 'aslr-off', what: 'ASLR off (setarch -R)', reference: 'threads1', spec: T1, prefix: ['setarch', arch() === 'x64' ? 'x86_64' : arch(), '-R'] },
  { name: 'taskset', what: 'pinned to CPU 1 (taskset -c 1)', reference: 'threads1', spec: T1, prefix: ['taskset', '-c', '1'] },
  { name: 'sync', what: 'native run called synchronously (no setImmediate hop)', reference: 'threads1', spec: { ...T1, sync: true } },
  { name: 'sessions4', what: '4 sessions round-robin in the process', reference: 'threads1', spec: { ...T1, sessions: 4 } },
  { name: 'inputs-aligned', what: 'inputs at the start of a fresh large buffer', reference: 'threads1', spec: { ...T1, inputOffset: 0 } },
  { name: 'inputs-misaligned', what: 'inputs 4 bytes into a fresh buffer', reference: 'threads1', spec: { ...T1, inputOffset: 4 } },
  { name: 'gc-first', what: 'a full GC right before sampling', reference: 'threads1', spec: { ...T1, gcBefore: true }, nodeFlags: ['--expose-gc'] },
];
const PART_A = ['default', 'threads1'];

const CHILD = fileURLToPath(new URL('./noise-child.ts', import.meta.url));

function runChild(v: Variant, spec: NoiseChildSpec): Promise<NoiseChildResult> {
  const argv = [...(v.nodeFlags ?? []), '--import', 'tsx', CHILD, JSON.stringify(spec)];
  const [cmd, ...pre] = v.prefix ? [...v.prefix, process.execPath] : [process.execPath];
  return new Promise((resolve, reject) =>
    execFile(cmd!, [...pre, ...argv], { maxBuffer: 1 << 20 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${v.name}: ${err.message} ${stderr}`)) : resolve(JSON.parse(stdout.trim().split('\n').pop()!)),
    ),
  );
}

/** ns per performance.now() call and the smallest step it shows. */
function timerCost(): { nsPerCall: number; resolutionNs: number } {
  const n = 1_000_000;
  let step = Infinity;
  let last = performance.now();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    if (t > last) step = Math.min(step, t - last);
    last = t;
  }
  return { nsPerCall: ((performance.now() - t0) * 1e6) / n, resolutionNs: step * 1e6 };
}

interface Cell {
  variant: string;
  config: string;
  results: NoiseChildResult[];
}

async function measure(out: string): Promise<{ cells: Cell[]; seconds: number; timer: ReturnType<typeof timerCost> }> {
  const plan = await planRun(resolveRunOptions({ suite: 'default' }), { fetch: false });
  const configs = plan.configs
    .filter((p) => !p.unavailable)
    .map((p) => ({ label: configLabel(labelParts(p.config)), key: `${p.config.model.name}/${p.config.batch}`, path: p.modelPath, shapes: p.config.shapes }));
  const bConfigs = new Set(args['b-configs']!.split(','));
  const parts = args.part!;
  const cells: Array<Cell & { v: Variant; c: (typeof configs)[number] }> = [];
  for (const v of VARIANTS) {
    const inA = PART_A.includes(v.name);
    for (const c of configs) {
      // a: the thread settings on every configuration; b: every cause on the chosen ones; all: both.
      const wanted = parts === 'a' ? inA : parts === 'b' ? bConfigs.has(c.key) : inA || bConfigs.has(c.key);
      if (wanted) cells.push({ variant: v.name, config: c.label, results: [], v, c });
    }
  }
  const processes = Number(args.processes);
  const started = performance.now();
  const timer = timerCost();
  for (let p = 0; p < processes; p++) {
    // Rotate the order each round so no cell always runs first after a pause.
    const order = cells.map((_, i) => cells[(i + p * 7) % cells.length]!);
    for (const cell of order) {
      const spec: NoiseChildSpec = {
        modelPath: cell.c.path,
        shapes: cell.c.shapes,
        sessions: 1,
        inputSets: 3,
        warmupMs: Number(args['warmup-ms']),
        blocks: Number(args.blocks),
        blockMs: Number(args['block-ms']),
        ...cell.v.spec,
      };
      cell.results.push(await runChild(cell.v, spec));
    }
    process.stderr.write(`process round ${p + 1}/${processes} done at ${((performance.now() - started) / 60000).toFixed(1)} min\n`);
  }
  const plain = cells.map(({ variant, config, results }) => ({ variant, config, results }));
  writeFileSync(join(out, 'noise-study-raw.json'), `${JSON.stringify({ cells: plain, timer }, null, 2)}\n`);
  return { cells: plain, seconds: (performance.now() - started) / 1000, timer };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
/** Processes whose machine was busy (other processes above 10% of the CPUs) are left out, and counted. */
const BUSY_CORES = 0.2;

function report(cells: Cell[], timer: ReturnType<typeof timerCost>): string[] {
  const fig = new Map<string, CellFigures & { disturbed: number }>();
  for (const c of cells) {
    const quiet = c.results.filter((r) => args['keep-busy'] || !(r.otherCores > BUSY_CORES));
    if (quiet.length < 2) continue;
    const f = cellFigures(
      quiet.map((r) => ({
        blockMediansMs: r.blockMediansMs,
        speedProbeMs: (r.speedProbeMs[0] + r.speedProbeMs[1]) / 2,
        gcCount: r.gcCount,
        otherCores: r.otherCores,
      })),
    );
    fig.set(`${c.variant}|${c.config}`, { ...f, disturbed: c.results.length - quiet.length });
  }
  const get = (v: string, c: string) => fig.get(`${v}|${c}`);
  const out: string[] = [];
  out.push(`timer: performance.now() costs ${timer.nsPerCall.toFixed(0)} ns a call, smallest step ${timer.resolutionNs.toFixed(0)} ns`);
  const configs = [...new Set(cells.map((c) => c.config))];
  out.push('', '### Within- and between-process spread, plain loop', '');
  out.push(
    '| configuration | setting | median | CV of per-process medians | between-process | within-process | between share | slowest/fastest | r(CPU speed probe, median) | GCs per process | first block vs later | left out (busy) |',
  );
  out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const c of configs) {
    for (const v of PART_A) {
      const f = get(v, c);
      if (!f) continue;
      out.push(
        `| ${c} | ${v} | ${(f.medianMs * 1000).toFixed(1)} µs | ${pct(f.cvProcessMedians)} | ${pct(f.betweenCv)} | ${pct(f.withinCv)} | ${pct(f.betweenShare)} | ${f.maxOverMin.toFixed(2)} | ${f.speedCorrelation === null ? '-' : f.speedCorrelation.toFixed(2)} | ${f.meanGcPerProcess.toFixed(1)} | ${pct(f.firstBlockExcess)} | ${f.disturbed} |`,
      );
    }
  }
  out.push('', '### One cause at a time (against its reference setting)', '');
  out.push('| cause changed | configuration | reference CV | changed CV | between-process spread removed | median shift |');
  out.push('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const v of VARIANTS.filter((x) => x.reference)) {
    for (const c of configs) {
      const ref = get(v.reference!, c);
      const f = get(v.name, c);
      if (!ref || !f) continue;
      out.push(
        `| ${v.what} (vs ${v.reference}) | ${c} | ${pct(ref.cvProcessMedians)} | ${pct(f.cvProcessMedians)} | ${pct(spreadRemoved(ref, f))} | ${pct(f.medianMs / ref.medianMs - 1)} |`,
      );
    }
  }
  return out;
}

async function main(): Promise<void> {
  const out = args.reuse ?? args.out ?? join('reports', `noise-study-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(out, { recursive: true });
  let data: { cells: Cell[]; timer: ReturnType<typeof timerCost>; seconds?: number };
  if (args.reuse) data = JSON.parse(readFileSync(join(out, 'noise-study-raw.json'), 'utf8'));
  else data = await measure(out);
  const lines = [
    `noise study: ${args.processes} processes per cell, ${args.blocks} blocks of ${args['block-ms']} ms after ${args['warmup-ms']} ms of warm-up` +
      (data.seconds ? `, ${(data.seconds / 60).toFixed(1)} min` : ''),
    ...report(data.cells, data.timer),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  writeFileSync(join(out, 'noise-study.md'), `${lines.join('\n')}\n`);
  process.stderr.write(`figures in ${out}/noise-study.md\n`);
}

await main();
