/** One GET over http(s), following redirects, with a time limit on waiting for the response headers. */
import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { TransferError, toTransferError } from './transfer-error.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface HttpGetOptions {
  idleTimeoutMs: number;
  maxRedirects: number;
}

export interface HttpGetResult {
  res: IncomingMessage;
  /** The URL that answered, after redirects. */
  url: string;
}

function requestOnce(url: string, headers: OutgoingHttpHeaders, idleTimeoutMs: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    const req = get(url, { headers: { 'user-agent': 'dnnperf', ...headers } }, (res) => {
      req.setTimeout(0); // the body's idle limit is the reader's job (download.ts)
      resolve(res);
    });
    req.setTimeout(idleTimeoutMs, () => req.destroy(new TransferError(`no response within ${idleTimeoutMs} ms (idle timeout)`, true)));
    req.on('error', (e) => reject(toTransferError(e)));
  });
}

export async function httpGet(url: string, headers: OutgoingHttpHeaders, options: HttpGetOptions): Promise<HttpGetResult> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const res = await requestOnce(current, headers, options.idleTimeoutMs);
    const location = res.headers.location;
    if (!REDIRECTS.has(res.statusCode ?? 0) || location === undefined) return { res, url: current };
    res.resume(); // drain the redirect body so the socket can be reused
    if (hop >= options.maxRedirects) throw new TransferError(`more than ${options.maxRedirects} redirects`, false);
    current = new URL(location, current).href;
  }
}
