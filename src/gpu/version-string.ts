/**
 * Whether a shared library carries an exact version string, the way
 * `strings lib.so | grep -x 1.29.0` finds it: the version as a whole run of printable
 * bytes. A CUDA provider built for another onnxruntime refuses to load (or crashes), so the
 * installer checks this before copying. The file is streamed: providers weigh ~230 MB.
 */
import { open } from 'node:fs/promises';

/** `strings` counts tab and 0x20..0x7e as printable. */
const printable = (b: number | undefined): boolean => b !== undefined && (b === 9 || (b >= 0x20 && b <= 0x7e));

/**
 * Looks for `needle` delimited by non-printable bytes inside `buf`. A buffer edge counts as a
 * delimiter only where it is the file's edge (`atStart`, `atEnd`).
 */
export function hasDelimitedString(buf: Buffer, needle: Buffer, atStart: boolean, atEnd: boolean): boolean {
  for (let i = buf.indexOf(needle); i >= 0; i = buf.indexOf(needle, i + 1)) {
    const end = i + needle.length;
    const beforeOk = i === 0 ? atStart : !printable(buf[i - 1]);
    const afterOk = end === buf.length ? atEnd : !printable(buf[end]);
    if (beforeOk && afterOk) return true;
  }
  return false;
}

export const VERSION_SCAN_CHUNK_BYTES = 8 * 1024 * 1024;

export async function fileCarriesVersionString(path: string, version: string, chunkBytes = VERSION_SCAN_CHUNK_BYTES): Promise<boolean> {
  const needle = Buffer.from(version, 'latin1');
  // Keep the needle plus its leading delimiter across chunk edges; a match cut by an edge
  // is decided on the next pass, which sees the byte after it.
  const keep = needle.length + 1;
  const file = await open(path, 'r');
  try {
    let carry = Buffer.alloc(0);
    // File offset of the next read; `buf` starts at position - carry.length.
    let position = 0;
    for (;;) {
      const chunk = Buffer.alloc(chunkBytes);
      const { bytesRead } = await file.read(chunk, 0, chunkBytes, position);
      const atEnd = bytesRead < chunkBytes;
      const buf = Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
      if (hasDelimitedString(buf, needle, position === carry.length, atEnd)) return true;
      if (atEnd) return false;
      position += bytesRead;
      carry = buf.subarray(Math.max(0, buf.length - keep));
    }
  } finally {
    await file.close();
  }
}
