import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROTOCOL } from '../../src/measure/protocol-defaults.js';
import { appendResult, readRun, writeManifest } from '../../src/results/run-files.js';
import { type ConfigResult, configResultSchema, MEASURE_PHASES, type RunManifest, SCHEMA_VERSION, SUPERVISOR_PHASES } from '../../src/results/schema.js';
import { tempDir } from '../helpers/tmp.js';

const config = {
  key: 'k1',
  index: 0,
  model: { name: 'm', path: '/m.onnx', sha256: 'ab', source: 'file' as const },
  spec: 'ort:cpu',
  engine: 'ort',
  backend: 'cpu',
  batch: 1,
  shapes: { x: [1, 4] },
  options: {},
  trial: 0,
};

const manifest: RunManifest = {
  schemaVersion: SCHEMA_VERSION,
  runId: 'r1',
  suite: 's',
  createdAt: '2026-11-25T00:00:00.000Z',
  environment: {
    machineKey: 'key',
    hostname: 'h',
    cpu: { model: 'cpu', cores: 2 },
    memoryBytes: 1,
    os: { platform: 'linux', release: '6', arch: 'x64' },
    node: 'v20',
    toolVersion: '0.1.0',
    engines: { ort: { version: '1.29.0' } },
    gpus: [],
    extra: {},
  },
  protocol: DEFAULT_PROTOCOL,
  configurations: [config],
};

const unavailable: ConfigResult = { schemaVersion: SCHEMA_VERSION, config, startedAt: 'now', wallMs: 0, status: 'unavailable', reason: 'no GPU' };

function runDir(): string {
  const dir = tempDir();
  writeManifest(dir, manifest);
  return dir;
}

describe('run files', () => {
  it('round-trips a manifest and appended results', () => {
    const dir = runDir();
    appendResult(dir, unavailable);
    appendResult(dir, { ...unavailable, config: { ...config, trial: 1 } });
    const run = readRun(dir);
    expect(run.manifest).toEqual(manifest);
    expect(run.results).toHaveLength(2);
    expect(run.warnings).toEqual([]);
  });

  it('a failure names a real phase: the protocol steps and the supervisor outcomes, nothing else', () => {
    const failed = (phase: string) => configResultSchema.safeParse({ ...unavailable, status: 'failed', phase, reason: 'r' }).success;
    expect([...MEASURE_PHASES, ...SUPERVISOR_PHASES].every(failed)).toBe(true);
    expect(failed('profile')).toBe(false);
    expect(failed('')).toBe(false);
  });

  it('reads a run written before the noise threshold was renamed (protocol.noiseCvThreshold)', () => {
    const dir = tempDir();
    const { noiseIqrRelThreshold, ...rest } = manifest.protocol;
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...manifest, protocol: { ...rest, noiseCvThreshold: 0.07 } }));
    expect(noiseIqrRelThreshold).toBe(DEFAULT_PROTOCOL.noiseIqrRelThreshold);
    expect(readRun(dir).manifest.protocol).toEqual({ ...manifest.protocol, noiseIqrRelThreshold: 0.07 });
  });

  it('keeps what an interrupted run wrote: a cut-off last line is a warning', () => {
    const dir = runDir();
    appendResult(dir, unavailable);
    appendFileSync(join(dir, 'results.jsonl'), '{"schemaVersion":"1.0","config":{"key"');
    const run = readRun(dir);
    expect(run.results).toHaveLength(1);
    expect(run.warnings[0]).toMatch(/results\.jsonl:2: last line cut off \(interrupted run\): ignored/);
  });

  it('rejects a damaged line in the middle, naming file and line', () => {
    const dir = runDir();
    appendFileSync(join(dir, 'results.jsonl'), 'garbage\n');
    appendResult(dir, unavailable);
    expect(() => readRun(dir)).toThrow(/results\.jsonl:1: not valid JSON \(.*\): the results file is damaged; re-run$/);
  });

  it('rejects a line that does not match the schema, naming the field', () => {
    const dir = runDir();
    appendFileSync(join(dir, 'results.jsonl'), `${JSON.stringify({ ...unavailable, status: 'ok' })}\n`);
    expect(() => readRun(dir)).toThrow(/results\.jsonl:1: does not match the result schema \(/);
  });

  it('rejects a newer schema major with the fix', () => {
    const dir = runDir();
    const file = join(dir, 'run.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"schemaVersion": "1\.\d+"/, '"schemaVersion": "2.0"'));
    expect(() => readRun(dir)).toThrow(/schema 2\.0 is newer than this dnnperf reads \(1\.x\): upgrade dnnperf/);
  });

  it('says what to give when the folder is not a run', () => {
    expect(() => readRun(tempDir())).toThrow(/no run\.json here: give the folder of a run/);
  });

  it('reports a run with no results file as a warning, not an error', () => {
    expect(readRun(runDir()).warnings[0]).toMatch(/missing: the run measured nothing/);
  });
});
