/** A minimal ELF64 shared object: one PT_LOAD, one PT_DYNAMIC with DT_NEEDED entries, then `tail` bytes. */
export function syntheticElf(needed: string[], tail: Buffer = Buffer.alloc(0)): Buffer {
  const base = 0x400000;
  const names = needed.map((n) => Buffer.from(`${n}\0`, 'latin1'));
  const strtab = Buffer.concat([Buffer.from([0]), ...names]);
  const dynCount = needed.length + 2; // DT_NEEDED..., DT_STRTAB, DT_NULL
  const dynOff = 64 + 2 * 56;
  const strOff = dynOff + 16 * dynCount;
  const total = strOff + strtab.length + tail.length;

  const eh = Buffer.alloc(64);
  eh.writeUInt32BE(0x7f454c46, 0);
  eh[4] = 2; // ELFCLASS64
  eh[5] = 1; // little-endian
  eh[6] = 1;
  eh.writeUInt16LE(3, 16); // ET_DYN
  eh.writeUInt16LE(62, 18); // x86-64
  eh.writeUInt32LE(1, 20);
  eh.writeBigUInt64LE(64n, 0x20);
  eh.writeUInt16LE(64, 0x34);
  eh.writeUInt16LE(56, 0x36);
  eh.writeUInt16LE(2, 0x38);

  const ph = Buffer.alloc(2 * 56);
  const segment = (i: number, type: number, offset: number, size: number) => {
    ph.writeUInt32LE(type, i * 56);
    ph.writeBigUInt64LE(BigInt(offset), i * 56 + 8);
    ph.writeBigUInt64LE(BigInt(base + offset), i * 56 + 16);
    ph.writeBigUInt64LE(BigInt(size), i * 56 + 32);
    ph.writeBigUInt64LE(BigInt(size), i * 56 + 40);
  };
  segment(0, 1, 0, total);
  segment(1, 2, dynOff, 16 * dynCount);

  const dyn = Buffer.alloc(16 * dynCount);
  let nameOff = 1;
  names.forEach((name, i) => {
    dyn.writeBigInt64LE(1n, i * 16);
    dyn.writeBigUInt64LE(BigInt(nameOff), i * 16 + 8);
    nameOff += name.length;
  });
  dyn.writeBigInt64LE(5n, needed.length * 16);
  dyn.writeBigUInt64LE(BigInt(base + strOff), needed.length * 16 + 8);
  return Buffer.concat([eh, ph, dyn, strtab, tail]);
}
