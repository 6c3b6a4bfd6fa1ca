/**
 * A local HTTP server for tests (127.0.0.1, port 0) with route builders for the failure modes a
 * downloader meets: status codes, redirects, resets mid-body, truncated bodies, slow bodies, Range.
 */
import { createHash } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request seen, in order, with its Range header. */
  requests: Array<{ path: string; range: string | undefined }>;
  close: () => Promise<void>;
}

export async function startTestServer(routes: Record<string, Route>): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ path, range: req.headers.range });
    const route = routes[path];
    if (route) route(req, res);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Deterministic pseudo-random bytes (xorshift32), so served files are the same on every run. */
export function seededBytes(length: number, seed = 1): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Serves `data`, honouring `Range: bytes=N-` with a 206 unless `range` is false. */
export const serveBytes =
  (data: Buffer, options: { range?: boolean } = {}): Route =>
  (req, res) => {
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (m && options.range !== false) {
      const start = Number(m[1]);
      if (start >= data.length) return void res.writeHead(416, { 'content-range': `bytes */${data.length}` }).end();
      res.writeHead(206, { 'content-length': data.length - start, 'content-range': `bytes ${start}-${data.length - 1}/${data.length}` });
      return void res.end(data.subarray(start));
    }
    res.writeHead(200, { 'content-length': data.length });
    res.end(data);
  };

export const status =
  (code: number): Route =>
  (_req, res) =>
    void res.writeHead(code).end(`status ${code}`);

export const redirect =
  (code: number, location: string): Route =>
  (_req, res) =>
    void res.writeHead(code, { location }).end();

/** Sends the headers for all of `data` and its first `sentBytes`, then resets the connection. */
export const resetAfter =
  (data: Buffer, sentBytes: number): Route =>
  (_req, res) => {
    res.writeHead(200, { 'content-length': data.length });
    res.write(data.subarray(0, sentBytes), () => setTimeout(() => res.socket?.resetAndDestroy(), 50));
  };

/** Claims all of `data` in Content-Length but sends only `sentBytes`, then ends the connection cleanly. */
export const truncated =
  (data: Buffer, sentBytes: number): Route =>
  (_req, res) => {
    res.writeHead(200, { 'content-length': data.length });
    res.write(data.subarray(0, sentBytes), () => res.socket?.end());
  };

/** Sends the first `sentBytes` and then nothing more (the connection stays open). */
export const stall =
  (data: Buffer, sentBytes: number): Route =>
  (_req, res) => {
    res.writeHead(200, { 'content-length': data.length });
    res.write(data.subarray(0, sentBytes));
  };

/** The n-th request gets the n-th route; the last one answers every request after that. */
export function sequence(...routes: Route[]): Route {
  let n = 0;
  return (req, res) => routes[Math.min(n++, routes.length - 1)]!(req, res);
}

/** A manifest entry for bytes a test serves, with their real sha256 and size. */
export function modelEntry(id: string, data: Buffer, urls: string[], extra: { modelPath?: string; archive?: { member: string } } = {}) {
  return {
    id,
    name: id,
    opset: 13,
    modelPath: extra.modelPath ?? `test/${id}.onnx`,
    sha256: sha256(data),
    bytes: data.length,
    urls,
    archive: extra.archive,
    tags: ['test'],
    inputs: [{ name: 'x', shape: ['N', 3], type: 'tensor(float)' }],
    outputs: [{ name: 'y', shape: ['N', 3], type: 'tensor(float)' }],
    source: { repo: 'test', commit: 'none' },
    license: 'MIT',
  };
}
