import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from '@commander-js/extra-typings';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerFetchCommand } from '../../src/cli/commands/fetch.js';
import { createProgressReporter } from '../../src/cli/fetch-progress.js';
import { writeBuiltinModel } from '../../src/models/builtin/write.js';
import { type FetchEvent, fetchModels, resolveZooModel } from '../../src/models/fetch/index.js';
import { type Manifest, manifestSchema } from '../../src/models/manifest/index.js';
import { modelEntry, serveBytes, startTestServer, type TestServer } from '../helpers/http-server.js';

let work: string;
let server: TestServer;
let model: Buffer;
let manifestFile: string;
let manifest: Manifest;

/** A real generated ONNX model (built once), served by a local mirror laid out like onnx/models (<mirror>/<modelPath>). */
beforeAll(async () => {
  const gen = await mkdtemp(join(tmpdir(), 'dnnperf-fetch-gen-'));
  model = await readFile((await writeBuiltinModel('mlp-mini', gen)).path);
  await rm(gen, { recursive: true });
});
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'dnnperf-fetch-cli-'));
  server = await startTestServer({ '/mirror/vision/mlp-mini-1.onnx': serveBytes(model) });
  manifest = manifestSchema.parse({
    schemaVersion: 1,
    models: [modelEntry('mlp-mini-1', model, ['http://127.0.0.1:9/unreachable.onnx'], { modelPath: 'vision/mlp-mini-1.onnx' })],
  });
  manifestFile = join(work, 'manifest.json');
  await writeFile(manifestFile, JSON.stringify(manifest));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await server.close();
  await rm(work, { recursive: true, force: true });
});

/** Runs `dnnperf fetch ...args` the way the CLI's main would, capturing stdout and stderr. */
async function dnnperfFetch(args: string[]): Promise<{ stdout: string; stderr: string; error: unknown }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    stdout += String(s);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    stderr += String(s);
    return true;
  });
  const program = new Command().name('dnnperf').exitOverride();
  registerFetchCommand(program);
  const error = await program.parseAsync(['node', 'dnnperf', 'fetch', ...args]).then(
    () => undefined,
    (e: unknown) => e,
  );
  vi.restoreAllMocks();
  return { stdout, stderr, error };
}

describe('dnnperf fetch', () => {
  it('fetches from a local mirror, then finds the model in the cache', async () => {
    const cache = join(work, 'cache');
    const args = ['mlp-mini-1', '--manifest', manifestFile, '--mirror', `${server.url}/mirror`, '--cache-dir', cache];
    const first = await dnnperfFetch(args);
    expect(first.error).toBeUndefined();
    const path = join(cache, 'mlp-mini-1', 'mlp-mini-1.onnx');
    expect(first.stdout).toBe(`mlp-mini-1  fetched  ${path}\n`);
    expect(first.stderr).toMatch(/^fetch mlp-mini-1: downloading \d\.\d MB from http:\/\/127\.0\.0\.1:\d+\/mirror\/vision\/mlp-mini-1\.onnx\n/);
    expect(first.stderr).toContain(`fetch mlp-mini-1: done ${path}\n`);
    expect(Buffer.compare(await readFile(path), model)).toBe(0);

    const second = await dnnperfFetch([...args, '--json']);
    expect(JSON.parse(second.stdout)).toEqual([{ id: 'mlp-mini-1', status: 'ok', result: expect.objectContaining({ path, fromCache: true }) }]);
  });

  it('reads the zoo ids of a suite file', async () => {
    const suite = join(work, 'suite.json');
    await writeFile(suite, JSON.stringify({ name: 's', backends: ['ort:cpu'], batches: [1], models: [{ builtin: 'mlp-mini' }, { zoo: 'mlp-mini-1' }] }));
    const r = await dnnperfFetch(['--suite', suite, '--manifest', manifestFile, '--mirror', `${server.url}/mirror`, '--cache-dir', join(work, 'cache')]);
    expect(r.error).toBeUndefined();
    expect(r.stdout).toMatch(/^mlp-mini-1 {2}fetched /);
  });

  it('fails with one E_FETCH line listing what was tried when nothing answers', async () => {
    const r = await dnnperfFetch(['mlp-mini-1', '--manifest', manifestFile, '--mirror', `${server.url}/elsewhere`, '--cache-dir', join(work, 'cache')]);
    expect(r.error).toMatchObject({ code: 'E_FETCH' });
    expect((r.error as Error).message).toMatch(
      new RegExp(
        `^model mlp-mini-1 could not be fetched \\(2 URLs tried: \\[1\\] ${server.url}/elsewhere/vision/mlp-mini-1.onnx -> HTTP 404 Not Found; \\[2\\] http://127.0.0.1:9/unreachable.onnx -> .*ECONNREFUSED.*\\); point at a mirror holding <mirror>/vision/mlp-mini-1.onnx with --mirror <url> or DNNPERF_MODEL_MIRROR=<url>, or download the file yourself and run it with \`dnnperf run --model <path>\`$`,
      ),
    );
  });

  it('rejects a bad id and an empty request', async () => {
    const bad = await dnnperfFetch(['../etc/passwd', '--manifest', manifestFile, '--cache-dir', join(work, 'cache')]);
    expect((bad.error as Error).message).toBe(
      `invalid model id "../etc/passwd": use lowercase letters, digits, '.', '-' and '_' (e.g. resnet50-v1-7); see \`models/zoo.json\` for the ids`,
    );
    const none = await dnnperfFetch([]);
    expect(none.error).toMatchObject({ code: 'E_BAD_ARGUMENT' });
  });
});

describe('fetchModels', () => {
  it('keeps going past a failure and reports each outcome as data', async () => {
    const outcomes = await fetchModels(['nope-1', 'mlp-mini-1'], { manifest, mirror: `${server.url}/mirror`, cacheDir: join(work, 'cache'), env: {} });
    expect(outcomes.map((o) => [o.id, o.status])).toEqual([
      ['nope-1', 'failed'],
      ['mlp-mini-1', 'ok'],
    ]);
  });
});

describe('resolveZooModel', () => {
  it('with fetch: false names the command to run; with fetch: true downloads; then returns the cached file', async () => {
    const cacheDir = join(work, 'cache');
    await expect(resolveZooModel('mlp-mini-1', { fetch: false, cacheDir, manifest })).rejects.toThrow(
      `model mlp-mini-1 is not in the cache ${cacheDir}: run \`dnnperf fetch mlp-mini-1\` (or drop --no-fetch)`,
    );
    const fetched = await resolveZooModel('mlp-mini-1', { fetch: true, cacheDir, manifest, mirror: `${server.url}/mirror` });
    expect(fetched).toEqual({ path: join(cacheDir, 'mlp-mini-1', 'mlp-mini-1.onnx'), sha256: manifest.models[0]!.sha256 });
    expect(await resolveZooModel('mlp-mini-1', { fetch: false, cacheDir, manifest })).toEqual(fetched);
  });

  it('refetches a cached file that was damaged', async () => {
    const cacheDir = join(work, 'cache');
    await mkdir(join(cacheDir, 'mlp-mini-1'), { recursive: true });
    await writeFile(join(cacheDir, 'mlp-mini-1', 'mlp-mini-1.onnx'), Buffer.alloc(model.length));
    await expect(resolveZooModel('mlp-mini-1', { fetch: false, cacheDir, manifest })).rejects.toThrow(/is not in the cache/);
    const r = await resolveZooModel('mlp-mini-1', { fetch: true, cacheDir, manifest, mirror: `${server.url}/mirror` });
    expect(Buffer.compare(await readFile(r.path), model)).toBe(0);
  });
});

describe('progress reporter', () => {
  const base = { id: 'm', url: 'http://x/m.onnx', totalBytes: 4_000_000 };
  const events: FetchEvent[] = [
    { type: 'start', attempt: 1, receivedBytes: 0, ...base },
    { type: 'progress', receivedBytes: 1_000_000, ...base },
    { type: 'progress', receivedBytes: 1_500_000, ...base },
    { type: 'retry', attempt: 1, delayMs: 500, reason: 'HTTP 503 Service Unavailable', receivedBytes: 1_500_000, ...base },
    { type: 'start', attempt: 2, receivedBytes: 1_500_000, ...base },
    { type: 'progress', receivedBytes: 3_100_000, ...base },
    { type: 'progress', receivedBytes: 4_000_000, ...base },
    { type: 'done', path: '/cache/m/m.onnx', fromCache: false, receivedBytes: 4_000_000, ...base },
  ];
  const render = (isTTY: boolean, env: Record<string, string>): string => {
    const stream = Object.assign(new PassThrough(), { isTTY });
    let out = '';
    stream.on('data', (c: Buffer) => (out += c.toString()));
    const reporter = createProgressReporter({ stdout: () => {}, stderr: (t) => void stream.write(t), env, ...(isTTY ? { terminal: stream } : {}) });
    events.forEach(reporter.onEvent);
    reporter.stop();
    return out;
  };
  const PLAIN = [
    'fetch m: downloading 4.0 MB from http://x/m.onnx',
    'fetch m: 25% (1.0 MB)',
    'fetch m: HTTP 503 Service Unavailable; retry 1 in 0.5 s',
    'fetch m: resuming at 1.5 MB of 4.0 MB from http://x/m.onnx',
    'fetch m: 75% (3.1 MB)',
    'fetch m: done /cache/m/m.onnx',
    '',
  ].join('\n');

  it('prints plain lines off a terminal', () => expect(render(false, {})).toBe(PLAIN));
  it('prints plain lines on a terminal when NO_COLOR is set', () => expect(render(true, { NO_COLOR: '1' })).toBe(PLAIN));
  it('draws a bar on a terminal', () => {
    const out = render(true, {});
    expect(out).toContain('fetch m: retry 1: HTTP 503 Service Unavailable');
    expect(out).toMatch(/100% \| 4\.0 MB\/4\.0 MB \| m done/);
  });
});
