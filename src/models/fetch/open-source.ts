/** Opens a model source (http(s) URL, `file://` URL or local path) at a byte offset, for resuming. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { type HttpGetOptions, httpGet } from './http-get.js';
import { TransferError } from './transfer-error.js';

export interface OpenedSource {
  /** Where the body starts in the file: the offset asked for when the source honoured it, else 0. */
  offset: number;
  body: Readable;
}

const isHttp = (url: string): boolean => /^https?:\/\//i.test(url);
const RETRYABLE_STATUS = (status: number): boolean => status >= 500 || status === 429 || status === 408;
const CONTENT_RANGE = /^bytes (\d+)-\d+\/(?:\d+|\*)$/;

/** A local path for a `file://` URL or a plain path; undefined for http(s). */
export function localPath(url: string): string | undefined {
  if (isHttp(url)) return undefined;
  return url.startsWith('file:') ? fileURLToPath(url) : url;
}

async function openFile(path: string, offset: number): Promise<OpenedSource> {
  const size = await stat(path).then(
    (s) => s.size,
    () => {
      throw new TransferError(`no such file ${path}`, false);
    },
  );
  const start = offset > 0 && offset < size ? offset : 0;
  return { offset: start, body: createReadStream(path, { start }) };
}

async function openHttp(url: string, offset: number, options: HttpGetOptions): Promise<OpenedSource> {
  const { res } = await httpGet(url, offset > 0 ? { range: `bytes=${offset}-` } : {}, options);
  const status = res.statusCode ?? 0;
  if (status === 200) return { offset: 0, body: res };
  if (status === 206) {
    const start = CONTENT_RANGE.exec(res.headers['content-range'] ?? '')?.[1];
    if (start !== undefined && Number(start) === offset) return { offset, body: res };
  }
  res.resume();
  // A range the server cannot serve (416, or a 206 for other bytes): start over from byte 0.
  if (offset > 0 && (status === 416 || status === 206)) return openHttp(url, 0, options);
  throw new TransferError(`HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`, RETRYABLE_STATUS(status));
}

export function openSource(url: string, offset: number, options: HttpGetOptions): Promise<OpenedSource> {
  const path = localPath(url);
  return path === undefined ? openHttp(url, offset, options) : openFile(path, offset);
}
