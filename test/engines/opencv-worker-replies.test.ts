/** The worker client validates each reply against the protocol: a worker that answers in another shape fails with one line. */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkerClient } from '../../src/engines/opencv/worker-client.js';
import { tempDir } from '../helpers/tmp.js';

/** A stand-in "python" that says ready, then answers every request with `reply` (it ignores the worker.py argument). */
function fakeWorker(reply: object): string {
  const file = join(tempDir(), 'fake-python');
  writeFileSync(
    file,
    `#!${process.execPath}\n` +
      `const send = (h) => process.stdout.write(JSON.stringify(h) + '\\n');\n` +
      `send({ id: 0, ok: true });\n` +
      `require('node:readline').createInterface({ input: process.stdin }).on('line', (l) => send({ id: JSON.parse(l).id, ok: true, ...${JSON.stringify(reply)} }));\n`,
  );
  chmodSync(file, 0o755);
  return file;
}

describe('worker replies', () => {
  it('a reply of the declared shape comes back typed', async () => {
    const client = await WorkerClient.start(fakeWorker({ samplesMs: [1.5, 2], report: null }));
    try {
      expect((await client.request('time', { session: 1, iterations: 2 })).reply).toEqual({ samplesMs: [1.5, 2], report: null });
    } finally {
      await client.close();
    }
  });

  it('a reply in another shape is one line naming the command and the field', async () => {
    const client = await WorkerClient.start(fakeWorker({ samplesMs: 'fast' }));
    try {
      await expect(client.request('time', { session: 1, iterations: 2 })).rejects.toThrow(
        /^OpenCV worker \(.*fake-python\): its reply to 'time' does not match the protocol \(samplesMs: .*\): worker\.py and the engine are from different dnnperf versions; reinstall dnnperf$/,
      );
    } finally {
      await client.close();
    }
  });
});
