/**
 * Downloads one URL into a hidden part file until it holds exactly the manifest's bytes and
 * sha256: retries transient failures with backoff, resumes with Range from what is on disk,
 * and hashes while streaming (the bytes already on disk are hashed first when resuming).
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { backoffDelayMs, sleep } from './backoff.js';
import { openSource } from './open-source.js';
import type { ResolvedFetchOptions } from './options.js';
import { TransferError, toTransferError } from './transfer-error.js';

export interface DownloadTarget {
  id: string;
  sha256: string;
  bytes: number;
  /** The hidden part file; it is only renamed into place by the caller once this resolves. */
  part: string;
}

async function hashPrefix(path: string, bytes: number): Promise<Hash> {
  const hash = createHash('sha256');
  if (bytes > 0) for await (const chunk of createReadStream(path, { start: 0, end: bytes - 1 })) hash.update(chunk as Buffer);
  return hash;
}

/** Yields the body's chunks, destroying it when nothing arrives for `ms`. */
async function* withIdleTimeout(body: Readable, ms: number): AsyncGenerator<Buffer> {
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => body.destroy(new TransferError(`no data for ${ms} ms (idle timeout)`, true)), ms);
  };
  try {
    arm();
    for await (const chunk of body) {
      arm();
      yield chunk as Buffer;
    }
  } finally {
    clearTimeout(timer);
  }
}

/** One request: appends to the part file from where it ends (or from 0) and returns the file's sha256. */
async function transferOnce(url: string, t: DownloadTarget, o: ResolvedFetchOptions, attempt: number): Promise<{ sha256: string; resumed: boolean }> {
  const onDisk = await stat(t.part).then(
    (s) => s.size,
    () => 0,
  );
  const src = await openSource(url, onDisk < t.bytes ? onDisk : 0, o);
  const hash = await hashPrefix(t.part, src.offset);
  const file = await open(t.part, src.offset > 0 ? 'r+' : 'w');
  let received = src.offset;
  const event = () => ({ id: t.id, url, receivedBytes: received, totalBytes: t.bytes });
  o.onEvent({ type: 'start', attempt, ...event() });
  try {
    for await (const chunk of withIdleTimeout(src.body, o.idleTimeoutMs)) {
      if (received + chunk.length > t.bytes) throw new TransferError(`more than the ${t.bytes} bytes the manifest lists`, false);
      await file.write(chunk, 0, chunk.length, received);
      hash.update(chunk); // after the write, so the hash never covers bytes that are not on disk
      received += chunk.length;
      o.onEvent({ type: 'progress', ...event() });
    }
  } finally {
    src.body.destroy();
    await file.close();
  }
  if (received < t.bytes) throw new TransferError(`body ended after ${received} of ${t.bytes} bytes`, true);
  return { sha256: hash.digest('hex'), resumed: src.offset > 0 };
}

/** Resolves once `t.part` is complete and verified; throws a TransferError when this URL cannot deliver. */
export async function downloadFrom(url: string, t: DownloadTarget, o: ResolvedFetchOptions): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    let failure: TransferError;
    try {
      const { sha256, resumed } = await transferOnce(url, t, o, attempt);
      if (sha256 === t.sha256) return;
      await rm(t.part, { force: true });
      // A resumed file may start with bytes from an older, different download: worth one clean try.
      failure = new TransferError(`sha256 mismatch: expected ${t.sha256}, got ${sha256}`, resumed);
    } catch (e) {
      failure = toTransferError(e);
    }
    if (!failure.retryable || attempt >= o.attempts) throw failure;
    const delayMs = backoffDelayMs(attempt, o.backoffMs, o.maxBackoffMs);
    const receivedBytes = await stat(t.part).then(
      (s) => s.size,
      () => 0,
    );
    o.onEvent({ type: 'retry', id: t.id, url, receivedBytes, totalBytes: t.bytes, attempt, delayMs, reason: failure.message });
    await sleep(delayMs);
  }
}
