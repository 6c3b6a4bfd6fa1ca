/**
 * The DT_NEEDED entries of an ELF64 shared object: which sonames (e.g. libcublas.so.13) a
 * provider library will ask the dynamic linker for. Reads only the headers and the dynamic
 * section, so a 230 MB provider costs a few reads.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const DT_NEEDED = 1n;
const DT_STRTAB = 5n;

function readAt(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, offset);
  return buf.subarray(0, n);
}

interface Segment {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
}

/** The sonames a little-endian ELF64 file needs, or a reason when it is not one. */
export function elfNeeded(path: string): string[] | { reason: string } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return { reason: `cannot open ${path}: ${(e as Error).message}` };
  }
  try {
    const eh = readAt(fd, 0, 64);
    if (eh.length < 64 || eh.readUInt32BE(0) !== 0x7f454c46 || eh[4] !== 2 || eh[5] !== 1) {
      return { reason: `${path} is not a little-endian ELF64 file` };
    }
    const phoff = Number(eh.readBigUInt64LE(0x20));
    const phentsize = eh.readUInt16LE(0x36);
    const phnum = eh.readUInt16LE(0x38);
    const ph = readAt(fd, phoff, phentsize * phnum);
    const segments: Segment[] = [];
    for (let i = 0; i < phnum; i++) {
      const o = i * phentsize;
      segments.push({
        type: ph.readUInt32LE(o),
        offset: Number(ph.readBigUInt64LE(o + 8)),
        vaddr: Number(ph.readBigUInt64LE(o + 16)),
        filesz: Number(ph.readBigUInt64LE(o + 32)),
      });
    }
    const dyn = segments.find((s) => s.type === PT_DYNAMIC);
    if (!dyn) return []; // statically linked: needs nothing
    const table = readAt(fd, dyn.offset, dyn.filesz);
    const neededOffsets: bigint[] = [];
    let strtabAddr: number | undefined;
    for (let o = 0; o + 16 <= table.length; o += 16) {
      const tag = table.readBigInt64LE(o);
      if (tag === 0n) break;
      if (tag === DT_NEEDED) neededOffsets.push(table.readBigUInt64LE(o + 8));
      if (tag === DT_STRTAB) strtabAddr = Number(table.readBigUInt64LE(o + 8));
    }
    // DT_STRTAB holds a virtual address: map it to a file offset through its PT_LOAD segment.
    const load = segments.find((s) => s.type === PT_LOAD && strtabAddr !== undefined && s.vaddr <= strtabAddr && strtabAddr < s.vaddr + s.filesz);
    if (strtabAddr === undefined || !load) return { reason: `${path}: dynamic string table not found` };
    const strtab = strtabAddr - load.vaddr + load.offset;
    return neededOffsets.map((off) => {
      const bytes = readAt(fd, strtab + Number(off), 256);
      const end = bytes.indexOf(0);
      return bytes.subarray(0, end < 0 ? bytes.length : end).toString('latin1');
    });
  } finally {
    closeSync(fd);
  }
}
