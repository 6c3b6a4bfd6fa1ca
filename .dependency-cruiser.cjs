/**
 * The layers of src/ and the directions they may import in, written once: `npm run lint:deps`
 * (and CI) fails on an import that breaks them, naming the rule.
 *
 * Bottom to top: results (vocabulary) < stats, suites, env, tensors < models < gpu < engines
 * < measure < run, compare < gate, report < cli. Everything may use the SHARED files below. A folder may always import its own files.
 */

/**
 * Imported by every layer: the error class with codes, reading and writing files (fs/: output
 * paths checked before anything is written, folders made without recursive mkdir), small list
 * checks, and where the package lives.
 */
const SHARED = ['errors.ts', 'file-io.ts', 'fs', 'lists.ts', 'package-root.ts'];

/**
 * Each layer: the folders (or top-level files) of src/ it may import, and why.
 * A layer absent from another's list is above it or beside it.
 */
const LAYERS = {
  results: {
    may: [],
    why: 'results/ is the vocabulary (schema, run files, layer totals): every stage reads it, so it reads none of them',
  },
  stats: {
    may: ['results'],
    why: 'stats/ is plain statistics on numbers; it knows the result schema and nothing that measures or decides',
  },
  suites: {
    may: [],
    why: 'suites/ reads suite files: configuration vocabulary below the stages that use it',
  },
  env: {
    may: ['results'],
    why: 'env/ reads the machine (fingerprint, machine key, GPU state) into result vocabulary; it runs no engine',
  },
  'tensors.ts': {
    may: ['results'],
    why: 'the tensor types are a leaf, so models/ (which makes inputs) and engines/ (which run them) need not import each other',
  },
  models: {
    may: ['results', 'stats', 'suites', 'tensors.ts'],
    why: 'models/ builds, fetches and converts ONNX files and makes inputs; it never runs an engine',
  },
  gpu: {
    may: ['env'],
    why: 'gpu/ decides whether the CUDA provider can load here and installs it; it reads the machine through env/',
  },
  engines: {
    may: ['models', 'results', 'stats', 'gpu', 'tensors.ts'],
    why: 'engines/ run a model on a backend; the measurement protocol above them decides when and how often',
  },
  measure: {
    may: ['engines', 'models', 'results', 'stats', 'env', 'tensors.ts'],
    why: 'measure/ is one configuration inside its child process; planning and supervising the run is above it',
  },
  run: {
    may: ['measure', 'engines', 'models', 'results', 'stats', 'suites', 'env', 'tensors.ts'],
    why: 'run/ plans the matrix and supervises the children; judging results (compare, gate) is above or beside it',
  },
  compare: {
    may: ['results', 'stats', 'suites'],
    why: 'compare/ is pure: it reads results and baselines and judges them, and never measures (that is gate/)',
  },
  gate: {
    may: ['run', 'compare', 'engines', 'env', 'results', 'suites'],
    why: 'gate/ is run plus compare, above both',
  },
  report: {
    may: ['compare', 'results', 'stats'],
    why: 'report/ renders finished runs and comparisons; it measures nothing',
  },
  cli: {
    may: ['*'],
    why: 'cli/ is the top: the only layer that prints, exits or reads argv',
  },
};

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `^src/(a|b)(/|$)`: a folder's files or a top-level file. */
const under = (names) => `^src/(${names.map(escapeRegExp).join('|')})(/|$)`;

const layerRules = Object.entries(LAYERS)
  .filter(([, layer]) => !layer.may.includes('*'))
  .map(([name, layer]) => ({
    name: `${name.replace(/\.ts$/, '')}-imports-only-below`,
    comment: `${layer.why}. Allowed: ${[...layer.may, ...SHARED].join(', ') || 'nothing'}.`,
    severity: 'error',
    from: { path: under([name]) },
    to: { path: '^src/', pathNot: under([name, ...layer.may, ...SHARED]) },
  }));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-unknown-layer',
      comment: 'Every file of src/ belongs to a layer of LAYERS in .dependency-cruiser.cjs: add a new folder there with its place in the order.',
      severity: 'error',
      from: { path: '^src/', pathNot: under([...Object.keys(LAYERS), ...SHARED]) },
      to: {},
    },
    {
      name: 'no-circular',
      comment: 'A cycle means two modules are one module in two files: move the shared part down.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-test-code-in-src',
      comment: 'The product never imports the tests or their helpers.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-dev-dependency-in-src',
      comment: 'src/ ships to users, who get dependencies only: a devDependency import would fail for them.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves to nothing fails at run time.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // swc parses the TypeScript (TypeScript 7 has no JavaScript API for dependency-cruiser to use).
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count: a type import is a dependency on the other layer's vocabulary too.
    tsPreCompilationDeps: true,
    // Resolve packages through their `exports` as Node does (vega-lite has no `main`).
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
