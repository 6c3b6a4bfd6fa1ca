import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDnnperfError } from '../../src/errors.js';
import { backoffDelayMs } from '../../src/models/fetch/backoff.js';
import { type FetchEvent, type FetchOptions, fetchModel } from '../../src/models/fetch/index.js';
import {
  modelEntry,
  type Route,
  redirect,
  resetAfter,
  seededBytes,
  sequence,
  serveBytes,
  sha256,
  stall,
  startTestServer,
  status,
  type TestServer,
  truncated,
} from '../helpers/http-server.js';

const DATA = seededBytes(200_000, 42);
const ID = 'tiny-1';

let cacheDir: string;
let server: TestServer | undefined;
let events: FetchEvent[];

/** Tiny backoff and timeouts keep the suite fast; env is empty so the machine's variables never leak in. */
const opts = (extra: FetchOptions = {}): FetchOptions => ({
  cacheDir,
  attempts: 3,
  backoffMs: 1,
  maxBackoffMs: 5,
  idleTimeoutMs: 2000,
  env: {},
  onEvent: (e) => events.push(e),
  ...extra,
});

async function serve(routes: Record<string, Route>): Promise<TestServer> {
  server = await startTestServer(routes);
  return server;
}

/** Files a user would see in the model's cache folder (hidden part files excluded). */
const visibleFiles = async (): Promise<string[]> => (await readdir(join(cacheDir, ID)).catch(() => [])).filter((n) => !n.startsWith('.'));

beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'dnnperf-fetch-'));
  events = [];
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(cacheDir, { recursive: true, force: true });
});

/** Compares by hash: vitest's deep equality on large Buffers is slow. */
const expectIntact = async (path: string): Promise<void> => expect(sha256(await readFile(path))).toBe(sha256(DATA));

async function expectFetchError(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isDnnperfError(e) && e.code === 'E_FETCH').toBe(true);
  return (e as Error).message;
}

describe('fetchModel', () => {
  it('downloads, verifies and renames into the cache, then serves the cached copy', async () => {
    const s = await serve({ '/m.onnx': serveBytes(DATA) });
    const r = await fetchModel(modelEntry(ID, DATA, [`${s.url}/m.onnx`]), opts());
    expect(r).toMatchObject({
      id: ID,
      path: join(cacheDir, ID, `${ID}.onnx`),
      sha256: sha256(DATA),
      bytes: DATA.length,
      fromCache: false,
      url: `${s.url}/m.onnx`,
    });
    await expectIntact(r.path);
    expect(await readdir(join(cacheDir, ID))).toEqual([`${ID}.onnx`]);
    expect(events.map((e) => e.type)).toContain('progress');
    expect(events.at(-1)).toMatchObject({ type: 'done', fromCache: false, receivedBytes: DATA.length });

    const again = await fetchModel(modelEntry(ID, DATA, [`${s.url}/m.onnx`]), opts());
    expect(again).toMatchObject({ fromCache: true, path: r.path, url: pathToFileURL(r.path).href });
    expect(s.requests).toHaveLength(1);
  });

  it('goes to the next URL after a 404, without retrying it', async () => {
    const s = await serve({ '/ok.onnx': serveBytes(DATA) });
    const r = await fetchModel(modelEntry(ID, DATA, [`${s.url}/missing.onnx`, `${s.url}/ok.onnx`]), opts());
    expect(r.url).toBe(`${s.url}/ok.onnx`);
    expect(s.requests.map((q) => q.path)).toEqual(['/missing.onnx', '/ok.onnx']);
    expect(events.find((e) => e.type === 'url-failed')).toMatchObject({ url: `${s.url}/missing.onnx`, reason: 'HTTP 404 Not Found' });
  });

  it('retries a 500 with backoff and then succeeds', async () => {
    const s = await serve({ '/m.onnx': sequence(status(500), status(503), serveBytes(DATA)) });
    const r = await fetchModel(modelEntry(ID, DATA, [`${s.url}/m.onnx`]), opts());
    await expectIntact(r.path);
    const retries = events.filter((e) => e.type === 'retry');
    expect(retries.map((e) => e.type === 'retry' && [e.attempt, e.reason])).toEqual([
      [1, 'HTTP 500 Internal Server Error'],
      [2, 'HTTP 503 Service Unavailable'],
    ]);
  });

  it('resumes with Range after a connection reset mid-body (server answers 206)', async () => {
    const s = await serve({ '/m.onnx': sequence(resetAfter(DATA, 120_000), serveBytes(DATA)) });
    const r = await fetchModel(modelEntry(ID, DATA, [`${s.url}/m.onnx`]), opts());
    await expectIntact(r.path);
    const range = s.requests[1]?.range;
    expect(range).toMatch(/^bytes=\d+-$/);
    const offset = Number(/\d+/.exec(range!)![0]);
    expect(offset).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === 'start').map((e) => e.receivedBytes)).toEqual([0, offset]);
  });

  it('restarts from byte 0 when the server ignores Range and answers 200', async () => {
    const s = await serve({ '/m.onnx': sequence(resetAfter(DATA, 120_000), serveBytes(DATA, { range: false })) });
    const r = await fetchModel(modelEntry(ID, DATA, [`${s.url}/m.onnx`]), opts());
    await expectIntact(r.path);
    expect(s.requests[1]?.range).toMatch(/^bytes=\d+-$/);
    expect(events.filter((e) => e.type === 'start').map((e) => e.receivedBytes)).toEqual([0, 0]);
  });

  it('retries a truncated body (Content-Length larger than what was sent)', async () => {
    const s = await serve({ '/m.onnx': sequence(truncated(DATA, 50_000), serveBytes(DATA)) });
    const r = await fetchModel(modelEntry(ID, DATA, [`${s.url}/m.onnx`]), opts());
    await expectIntact(r.path);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(1);
  });

  it('rejects a wrong checksum, naming expected and actual sha256, and leaves no file', async () => {
    const other = seededBytes(DATA.length, 7);
    const s = await serve({ '/m.onnx': serveBytes(other) });
    const msg = await expectFetchError(fetchModel(modelEntry(ID, DATA, [`${s.url}/m.onnx`]), opts()));
    expect(msg).toContain(`sha256 mismatch: expected ${sha256(DATA)}, got ${sha256(other)}`);
    expect(await readdir(join(cacheDir, ID))).toEqual([]);
    expect(s.requests).toHaveLength(1); // a bad file from a fresh download is not retried
  });

  it('follows a 301 -> 302 chain and bounds the number of redirects', async () => {
    const s = await serve({ '/a': redirect(301, '/b'), '/b': redirect(302, '/m.onnx'), '/m.onnx': serveBytes(DATA) });
    const r = await fetchModel(modelEntry(ID, DATA, [`${s.url}/a`]), opts());
    await expectIntact(r.path);
    await rm(r.path);
    const msg = await expectFetchError(fetchModel(modelEntry(ID, DATA, [`${s.url}/a`]), opts({ maxRedirects: 1 })));
    expect(msg).toContain('more than 1 redirects');
  });

  it('abandons a server that stalls past the idle timeout, retries, then fails with the reason', async () => {
    const s = await serve({ '/slow.onnx': stall(DATA, 1000) });
    const started = Date.now();
    const msg = await expectFetchError(fetchModel(modelEntry(ID, DATA, [`${s.url}/slow.onnx`]), opts({ idleTimeoutMs: 100, attempts: 2 })));
    expect(msg).toContain('no data for 100 ms (idle timeout)');
    expect(s.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('recovers when a stalled request is followed by a good one', async () => {
    const s = await serve({ '/m.onnx': sequence(stall(DATA, 1000), serveBytes(DATA)) });
    const r = await fetchModel(modelEntry(ID, DATA, [`${s.url}/m.onnx`]), opts({ idleTimeoutMs: 100 }));
    await expectIntact(r.path);
    expect(s.requests[1]?.range).toBe('bytes=1000-');
  });

  it('two concurrent fetches of one model both succeed and leave one intact file', async () => {
    const s = await serve({ '/m.onnx': serveBytes(DATA) });
    const entry = modelEntry(ID, DATA, [`${s.url}/m.onnx`]);
    const [a, b] = await Promise.all([fetchModel(entry, opts()), fetchModel(entry, opts())]);
    expect(a.path).toBe(b.path);
    await expectIntact(a.path);
    expect(await readdir(join(cacheDir, ID))).toEqual([`${ID}.onnx`]);
  });

  it('tries the mirror from DNNPERF_MODEL_MIRROR first, at <mirror>/<modelPath>', async () => {
    const s = await serve({ '/mirror/test/tiny-1.onnx': serveBytes(DATA), '/origin.onnx': status(500) });
    const r = await fetchModel(modelEntry(ID, DATA, [`${s.url}/origin.onnx`]), opts({ env: { DNNPERF_MODEL_MIRROR: `${s.url}/mirror/` } }));
    expect(r.url).toBe(`${s.url}/mirror/test/tiny-1.onnx`);
    expect(s.requests.map((q) => q.path)).toEqual(['/mirror/test/tiny-1.onnx']);
  });

  it('reads the cache folder from DNNPERF_CACHE_DIR when no option is given', async () => {
    const s = await serve({ '/m.onnx': serveBytes(DATA) });
    const r = await fetchModel(modelEntry(ID, DATA, [`${s.url}/m.onnx`]), {
      ...opts(),
      cacheDir: undefined,
      env: { DNNPERF_CACHE_DIR: join(cacheDir, 'env') },
    });
    expect(r.path).toBe(join(cacheDir, 'env', ID, `${ID}.onnx`));
  });

  it('takes a local file given as a file:// URL or a plain path', async () => {
    const local = join(cacheDir, 'local.onnx');
    await writeFile(local, DATA);
    const viaUrl = await fetchModel(modelEntry(ID, DATA, [pathToFileURL(local).href]), opts());
    await expectIntact(viaUrl.path);
    await rm(viaUrl.path);
    const viaPath = await fetchModel(modelEntry(ID, DATA, [local]), opts());
    expect(viaPath.url).toBe(local);
  });

  it('adopts a stale partial download left by a killed fetch and resumes it', async () => {
    const s = await serve({ '/m.onnx': serveBytes(DATA) });
    await mkdir(join(cacheDir, ID), { recursive: true });
    const leftover = join(cacheDir, ID, `.${ID}.onnx.dead01.part`);
    await writeFile(leftover, DATA.subarray(0, 70_000));
    const old = new Date(Date.now() - 60_000);
    await utimes(leftover, old, old);
    const r = await fetchModel(modelEntry(ID, DATA, [`${s.url}/m.onnx`]), opts({ stalePartMs: 10_000 }));
    await expectIntact(r.path);
    expect(s.requests[0]?.range).toBe('bytes=70000-');
    await expect(stat(leftover)).rejects.toThrow();
  });

  it('leaves a live partial download of another fetch alone', async () => {
    const s = await serve({ '/m.onnx': serveBytes(DATA) });
    await mkdir(join(cacheDir, ID), { recursive: true });
    const live = join(cacheDir, ID, `.${ID}.onnx.live01.part`);
    await writeFile(live, DATA.subarray(0, 70_000));
    await fetchModel(modelEntry(ID, DATA, [`${s.url}/m.onnx`]), opts({ stalePartMs: 10_000 }));
    expect(s.requests[0]?.range).toBeUndefined();
    expect((await stat(live)).size).toBe(70_000);
  });

  it('goes to the next URL after a 403 as well', async () => {
    const s = await serve({ '/a': status(403), '/b': serveBytes(DATA) });
    expect((await fetchModel(modelEntry(ID, DATA, [`${s.url}/a`, `${s.url}/b`]), opts())).url).toBe(`${s.url}/b`);
    expect(s.requests).toHaveLength(2);
  });

  it('restarts from 0 when a resumed file turns out not to match', async () => {
    const s = await serve({ '/m.onnx': serveBytes(DATA) });
    await mkdir(join(cacheDir, ID), { recursive: true });
    const leftover = join(cacheDir, ID, `.${ID}.onnx.dead02.part`);
    await writeFile(leftover, seededBytes(70_000, 9));
    const old = new Date(Date.now() - 60_000);
    await utimes(leftover, old, old);
    const r = await fetchModel(modelEntry(ID, DATA, [`${s.url}/m.onnx`]), opts({ stalePartMs: 10_000 }));
    await expectIntact(r.path);
    expect(s.requests.map((q) => q.range)).toEqual(['bytes=70000-', undefined]);
  });

  it('offline: one error listing every URL tried with its failure and how to use a mirror or a local file', async () => {
    const s = await serve({});
    const dead = s.url;
    await s.close();
    server = undefined;
    const missing = join(cacheDir, 'nowhere.onnx');
    const msg = await expectFetchError(fetchModel(modelEntry(ID, DATA, [`${dead}/a.onnx`, pathToFileURL(missing).href]), opts()));
    expect(msg).not.toContain('\n');
    expect(msg).toMatch(
      new RegExp(
        `^model tiny-1 could not be fetched \\(2 URLs tried: \\[1\\] ${dead}/a.onnx -> .*ECONNREFUSED.*; \\[2\\] file://${missing} -> no such file ${missing}\\)`,
      ),
    );
    expect(msg).toContain('--mirror <url> or DNNPERF_MODEL_MIRROR=<url>');
    expect(msg).toMatch(/, or download the file yourself and run it with `dnnperf run --model <path>`$/);
    expect(await visibleFiles()).toEqual([]);
  });
});

describe('backoffDelayMs', () => {
  it('doubles from the base up to the cap, jittering the upper half', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, 500, 4000, () => 0))).toEqual([250, 500, 1000, 2000, 2000]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, 500, 4000, () => 1))).toEqual([500, 1000, 2000, 4000, 4000]);
  });
});
