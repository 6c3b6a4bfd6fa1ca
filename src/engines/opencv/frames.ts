/**
 * The worker's wire format, both ways: one JSON header line, then the raw bytes of each
 * blob the header lists in `blobs` (byte counts). Tensors cross as bytes, never as JSON.
 */
export interface Frame {
  header: Record<string, unknown> & { blobs?: number[] };
  blobs: Buffer[];
}

/** The chunks to write for one message. */
export function encodeFrame(header: Record<string, unknown>, blobs: readonly Uint8Array[] = []): Buffer[] {
  const full = blobs.length > 0 ? { ...header, blobs: blobs.map((b) => b.byteLength) } : header;
  return [Buffer.from(`${JSON.stringify(full)}\n`), ...blobs.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength))];
}

/** Reassembles frames from stdout chunks, however the pipe splits them. */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);
  private pending: { header: Frame['header']; need: number } | undefined;

  push(chunk: Buffer): Frame[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Frame[] = [];
    for (;;) {
      if (!this.pending) {
        const nl = this.buffer.indexOf(10);
        if (nl < 0) break;
        const header = JSON.parse(this.buffer.subarray(0, nl).toString('utf8')) as Frame['header'];
        this.buffer = this.buffer.subarray(nl + 1);
        this.pending = { header, need: (header.blobs ?? []).reduce((a, b) => a + b, 0) };
      }
      if (this.buffer.length < this.pending.need) break;
      const { header, need } = this.pending;
      const blobs: Buffer[] = [];
      let at = 0;
      for (const n of header.blobs ?? []) {
        blobs.push(this.buffer.subarray(at, at + n));
        at += n;
      }
      this.buffer = this.buffer.subarray(need);
      this.pending = undefined;
      frames.push({ header, blobs });
    }
    return frames;
  }
}
