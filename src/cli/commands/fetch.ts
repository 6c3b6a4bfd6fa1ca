/** `dnnperf fetch [ids...] [--suite s]`: flags -> fetchModels; prints progress to stderr and one line per model to stdout. */
import type { Command, OptionValues } from '@commander-js/extra-typings';
import { DnnperfError } from '../../errors.js';
import { checkOutputFolder } from '../../fs/output-path.js';
import { cacheDirLabel, type FetchOutcome, fetchModels, resolveFetchOptions } from '../../models/fetch/index.js';
import { loadManifest } from '../../models/manifest/index.js';
import { loadSuite } from '../../suites/load-suite.js';
import { createProgressReporter } from '../fetch-progress.js';
import { type CommandIo, processIo } from '../io.js';
import { nonEmpty } from '../parse.js';

export interface FetchCommandOptions {
  suite?: string;
  mirror?: string;
  cacheDir?: string;
  manifest?: string;
  json?: true;
}

function printOutcomes(outcomes: FetchOutcome[], json: boolean, io: CommandIo): void {
  if (json) {
    io.stdout(`${JSON.stringify(outcomes, null, 2)}\n`);
    return;
  }
  for (const o of outcomes) {
    if (o.status === 'ok') io.stdout(`${o.id}  ${o.result.fromCache ? 'cached' : 'fetched'}  ${o.result.path}\n`);
  }
}

/** Fetches the models and prints one line per model; returns the exit code (a failed fetch throws, exit 2). */
export async function fetchCommand(ids: string[], options: FetchCommandOptions, io: CommandIo = processIo): Promise<number> {
  const suite = options.suite === undefined ? undefined : loadSuite(options.suite);
  const suiteIds = suite ? suite.models.flatMap((m) => ('zoo' in m ? [m.zoo] : [])) : [];
  const wanted = [...ids, ...suiteIds];
  if (wanted.length === 0 && suite) {
    // A valid request with nothing to download: built-in models are written at run time, files are local.
    io.stderr(`dnnperf: suite ${suite.name} has no zoo models (its models are built in or local files): nothing to download\n`);
    return 0;
  }
  if (wanted.length === 0) {
    throw new DnnperfError('E_BAD_ARGUMENT', 'nothing to fetch: give model ids (e.g. `dnnperf fetch resnet50-v1-7`) or --suite <name|path>');
  }
  checkOutputFolder(options.cacheDir ?? resolveFetchOptions().cacheDir, cacheDirLabel(options.cacheDir));
  const manifest = options.manifest ? loadManifest(options.manifest) : loadManifest();
  const reporter = createProgressReporter(io);
  let outcomes: FetchOutcome[];
  try {
    outcomes = await fetchModels(wanted, { manifest, mirror: options.mirror, cacheDir: options.cacheDir }, reporter.onEvent);
  } finally {
    reporter.stop();
  }
  printOutcomes(outcomes, options.json === true, io);
  const failed = outcomes.filter((o) => o.status === 'failed');
  if (failed.length === 1) throw new DnnperfError('E_FETCH', failed[0]!.error);
  if (failed.length > 1) {
    for (const f of failed) io.stderr(`dnnperf: ${f.error}\n`);
    throw new DnnperfError(
      'E_FETCH',
      `${failed.length} of ${outcomes.length} models could not be fetched (${failed.map((f) => f.id).join(', ')}): see the lines above`,
    );
  }
  return 0;
}

export function registerFetchCommand<A extends unknown[], O extends OptionValues, G extends OptionValues>(program: Command<A, O, G>): void {
  program
    .command('fetch')
    .description('download zoo models into the cache, verified by sha256 (mirror first, then each manifest URL in order)')
    .argument('[ids...]', 'model ids from the manifest (models/zoo.json)')
    .option('--suite <name|path>', 'also fetch the zoo models of this suite (a name means suites/<name>.json)', nonEmpty('--suite'))
    .option('--mirror <url>', 'mirror base URL or folder, tried first as <mirror>/<modelPath> (default: $DNNPERF_MODEL_MIRROR)', nonEmpty('--mirror'))
    .option('--cache-dir <dir>', 'model cache folder (default: $DNNPERF_CACHE_DIR, else the user cache dir + /dnnperf/models)', nonEmpty('--cache-dir'))
    .option('--manifest <file>', 'model manifest to read instead of the bundled models/zoo.json', nonEmpty('--manifest'))
    .option('--json', 'print the outcomes as JSON on stdout')
    .action(async (ids, options) => {
      process.exitCode = await fetchCommand(ids, options);
    });
}
