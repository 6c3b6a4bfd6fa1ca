/** `dnnperf run [suite]`: flags -> RunOptions -> runSuite, then the report. */
import { type Command, Option } from '@commander-js/extra-typings';
import { checkProtocolVersion, DEFAULT_LOAD_PROTOCOL, DEFAULT_PROTOCOL } from '../../measure/protocol-defaults.js';
import { renderReport } from '../../report/index.js';
import { PROTOCOL_VERSION } from '../../results/protocol-version.js';
import type { ProtocolOptions } from '../../results/schema.js';
import { DEFAULT_OUT_DIR, DEFAULT_TRIALS, type RunOptions } from '../../run/options.js';
import { runSuite } from '../../run/run-suite.js';
import { DEFAULT_SUITE } from '../../suites/load-suite.js';
import { budgetLines } from '../budget-text.js';
import { withInterrupt } from '../interrupt.js';
import { type CommandIo, processIo } from '../io.js';
import {
  collect,
  distinctValues,
  listItems,
  nonEmpty,
  parseBatchList,
  parseConcurrencyList,
  parseConcurrencyModes,
  parseInputFlags,
  parseKeyValues,
  parseShapeFlags,
  parseShard,
  positiveInt,
  positiveNumber,
} from '../parse.js';
import { createProgress, fetchProgressOnly, resultLine } from '../progress.js';

/** The defaults a command's help states: run's (DEFAULT_PROTOCOL, DEFAULT_TRIALS) or the gate's own. */
export interface RunFlagDefaults {
  protocol: ProtocolOptions;
  trials: number;
}

export const RUN_FLAG_DEFAULTS: RunFlagDefaults = { protocol: DEFAULT_PROTOCOL, trials: DEFAULT_TRIALS };

const s = (ms: number): number => ms / 1000;

export function addRunFlags<C extends Command<[string | undefined], Record<string, never>>>(cmd: C, d: RunFlagDefaults) {
  const p = d.protocol;
  return cmd
    .option('-m, --model <path|id>', "model file, built-in id or manifest id (repeatable; replaces the suite's models)", collect)
    .option('-b, --backend <specs>', 'engine:backend[/target] list, e.g. ort:cpu,ort:cuda/fp16 (repeatable)', collect)
    .option('--batch <sizes>', 'batch sizes, e.g. 1,8')
    .option('--concurrency <levels>', 'requests kept in flight, one closed loop per level, e.g. 1,2,4,8 (1: the sequential protocol)', parseConcurrencyList)
    .option(
      '--concurrency-mode <modes>',
      'above 1: sessions (N sessions or Nets) and/or shared (one session, N requests) (default sessions)',
      parseConcurrencyModes,
    )
    .option('--window-time <s>', `closed-loop measurement window (default ${DEFAULT_LOAD_PROTOCOL.windowMs / 1000})`, positiveNumber('--window-time'))
    .option('--shape <name=dims>', 'input shape, N for the batch dim, e.g. input=Nx3x224x224 (repeatable)', collect)
    .option('--input <name=spec>', 'input values: a number, zeros, ones, normal, uniform:LOW..HIGH, int:LOW..HIGH, @file.npy or @file.pb (repeatable)', collect)
    .option(
      '--inputs-from <dir>',
      'ONNX test data set folder (input_<i>.pb, output_<i>.pb, or test_data_set_<k>/) for the inputs and reference outputs',
      nonEmpty('--inputs-from'),
    )
    .option('--no-test-data', "ignore a zoo model's own test_data_set_* and generate the inputs")
    .option(
      '--output-tolerance <relL2>',
      'relative L2 error allowed against test-data outputs (default 1e-3, 1e-2 for FP16 targets)',
      positiveNumber('--output-tolerance'),
    )
    .option('--manifest <file>', 'model manifest to look zoo ids up in instead of the bundled models/zoo.json', nonEmpty('--manifest'))
    .option('--engine <alias=kind:opts>', 'declare an engine instance, e.g. ort130=ort:module=/path/onnxruntime-node (repeatable)', collect)
    .option('--option <key=value>', 'engine option for every configuration, e.g. threads=2 (repeatable)', collect)
    .option('--min-time <s>', `minimum measured seconds per configuration (default ${s(p.minTimeMs)})`, positiveNumber('--min-time'))
    .option('--max-time <s>', `maximum measured seconds per configuration (default ${s(p.maxTimeMs)})`, positiveNumber('--max-time'))
    .option('--warmup-time <s>', `minimum warm-up seconds (default ${s(p.warmupMs)})`, positiveNumber('--warmup-time'))
    .option('--warmup-runs <n>', `minimum warm-up runs (default ${p.warmupIterations})`, positiveInt('--warmup-runs'))
    .option('--min-samples <n>', `minimum samples (default ${p.minSamples})`, positiveInt('--min-samples'))
    .option(
      '--target-ci <pct>',
      `stop when the median's 95% CI half-width is under this percent (default ${p.targetRelCiHalfWidth * 100})`,
      positiveNumber('--target-ci'),
    )
    .option('--config-timeout <s>', `kill a configuration after this many seconds (default ${s(p.configTimeoutMs)})`, positiveNumber('--config-timeout'))
    .option(
      '--protocol <version>',
      `measurement protocol version: 1, or 2 to warm up until the rate is stable and the GPU clock settled (default ${PROTOCOL_VERSION})`,
      positiveInt('--protocol'),
    )
    .option('--no-layers', 'skip the per-layer pass')
    .option('--profile-runs <n>', `runs in the per-layer pass (default ${p.profileRuns})`, positiveInt('--profile-runs'))
    .option('--trials <n>', `processes per configuration, interleaved (default ${d.trials})`, positiveInt('--trials'))
    .option('--shard <i/n>', 'run the i-th of n deterministic slices of the matrix', parseShard)
    .option('--no-fetch', 'do not download missing zoo models; say which `dnnperf fetch` to run')
    .option('--cache-dir <dir>', 'model cache folder', nonEmpty('--cache-dir'))
    .option('--mirror <url>', 'mirror base URL for model downloads', nonEmpty('--mirror'))
    .option('-o, --out <dir>', `folder for run folders (default ${DEFAULT_OUT_DIR})`, nonEmpty('--out'))
    .option('--run-id <id>', 'run id, a plain name (default <time>-<suite>-<random>)', nonEmpty('--run-id'))
    .addOption(new Option('--replace', 'delete an existing run of the same --run-id and measure it again').conflicts('resume'))
    .option('--resume', 'finish an interrupted run of the same --run-id: measure only what it lacks (same suite, matrix and protocol)');
}

type RunFlags = ReturnType<ReturnType<typeof addRunFlags>['opts']>;

export function runOptionsFromFlags(suite: string | undefined, f: RunFlags): RunOptions {
  const seconds = (s: number | undefined) => (s === undefined ? undefined : s * 1000);
  return {
    ...(suite ? { suite } : {}),
    ...(f.model ? { models: distinctValues('--model', f.model) } : {}),
    ...(f.backend ? { backends: listItems('--backend', f.backend, 'ort:cpu,ort:cuda') } : {}),
    ...(f.batch !== undefined ? { batches: parseBatchList(f.batch) } : {}),
    ...(f.concurrency ? { concurrency: f.concurrency } : {}),
    ...(f.concurrencyMode ? { concurrencyModes: f.concurrencyMode } : {}),
    ...(f.windowTime ? { loadProtocol: { windowMs: f.windowTime * 1000 } } : {}),
    ...(f.shape ? { shapes: parseShapeFlags(f.shape) } : {}),
    ...(f.input ? { inputs: parseInputFlags(f.input) } : {}),
    ...(f.inputsFrom ? { inputsFrom: f.inputsFrom } : {}),
    testData: f.testData,
    ...(f.outputTolerance !== undefined ? { outputTolerance: f.outputTolerance } : {}),
    ...(f.manifest ? { manifest: f.manifest } : {}),
    ...(f.engine ? { engines: distinctValues('--engine', f.engine) } : {}),
    ...(f.option ? { engineOptions: parseKeyValues(f.option, '--option') } : {}),
    protocol: {
      minTimeMs: seconds(f.minTime),
      maxTimeMs: seconds(f.maxTime),
      warmupMs: seconds(f.warmupTime),
      warmupIterations: f.warmupRuns,
      minSamples: f.minSamples,
      targetRelCiHalfWidth: f.targetCi === undefined ? undefined : f.targetCi / 100,
      configTimeoutMs: seconds(f.configTimeout),
      profileRuns: f.profileRuns,
    } as RunOptions['protocol'],
    ...(f.protocol !== undefined ? { protocolVersion: checkProtocolVersion(f.protocol) } : {}),
    layers: f.layers,
    ...(f.trials ? { trials: f.trials } : {}),
    ...(f.shard ? { shard: f.shard } : {}),
    fetch: f.fetch,
    ...(f.cacheDir !== undefined ? { cacheDir: f.cacheDir } : {}),
    ...(f.mirror !== undefined ? { mirror: f.mirror } : {}),
    ...(f.out !== undefined ? { outDir: f.out } : {}),
    ...(f.runId !== undefined ? { runId: f.runId } : {}),
    ...(f.replace ? { existing: 'replace' as const } : f.resume ? { existing: 'resume' as const } : {}),
  };
}

export function registerRunCommand(program: Command) {
  addRunFlags(program.command('run').argument('[suite]', `suite name in suites/ or path to a suite .json (default: ${DEFAULT_SUITE})`), RUN_FLAG_DEFAULTS)
    .description('measure a suite (or --model files) across backends and batch sizes')
    .option(
      '--latency-budget <ms>',
      'p99 budget: sweep concurrency (and batch) upwards until throughput stops rising or p99 passes it, and name the best configuration within it',
      positiveNumber('--latency-budget'),
    )
    .option('--json', 'print the run (manifest and results) as JSON on stdout')
    .option('--no-report', 'skip rendering the report')
    .action(async (suite, flags) => {
      process.exitCode = await withInterrupt((signal) => runCommand(suite, flags, processIo, signal));
    });
}

/** Runs the suite, renders the report, prints the results; returns the exit code (1 when a configuration failed, 130 on Ctrl-C). */
export async function runCommand(
  suite: string | undefined,
  flags: RunFlags & { json?: boolean; report?: boolean; latencyBudget?: number },
  io: CommandIo = processIo,
  signal?: AbortSignal,
): Promise<number> {
  const options = { ...runOptionsFromFlags(suite, flags), ...(flags.latencyBudget !== undefined ? { latencyBudgetMs: flags.latencyBudget } : {}) };
  const run = await runSuite(options, flags.json ? fetchProgressOnly(io) : createProgress(io), signal);
  if (flags.report !== false && run.results.length > 0) {
    const report = await renderReport([run.dir]);
    if (!flags.json) io.stderr(`dnnperf: report ${report.htmlPath}\n`);
  }
  if (flags.json) io.stdout(`${JSON.stringify({ manifest: run.manifest, results: run.results }, null, 2)}\n`);
  else {
    for (const r of run.results) io.stdout(`${resultLine(r)}\n`);
    if (run.manifest.latencyBudget) io.stdout(`${budgetLines(run.manifest.latencyBudget).join('\n')}\n`);
  }
  const failed = run.results.filter((r) => r.status === 'failed').length;
  return signal?.aborted ? 130 : failed > 0 ? 1 : 0;
}
