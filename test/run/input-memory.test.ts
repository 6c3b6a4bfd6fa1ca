/** Input sizes against the memory they need, with the machine's memory given. */
import { describe, expect, it } from 'vitest';
import { checkInputMemory } from '../../src/run/input-memory.js';

const inputs = [{ name: 'input', dtype: 'float32' as const }];

describe('checkInputMemory', () => {
  it('passes inputs that fit', () => {
    expect(() => checkInputMemory({ model: 'm', batch: 8, inputs, shapes: { input: [8, 256] }, sets: 3, memoryBytes: 2 ** 30 })).not.toThrow();
  });
  it('refuses inputs whose sets exceed the memory, with the sizes', () => {
    expect(() => checkInputMemory({ model: 'm', batch: 1_000_000, inputs, shapes: { input: [1_000_000, 256] }, sets: 3, memoryBytes: 2 ** 30 })).toThrow(
      "batch 1000000: the inputs of m (input 1000000x256 float32) take 0.954 GiB, x3 input sets = 2.86 GiB, more than this machine's 1.00 GiB of memory: use a smaller --batch or --shape",
    );
  });
  it('refuses a tensor past the typed-array limit whatever the memory', () => {
    // The limit is the running Node's (2^32 elements on Node 20, 2^53 - 1 on 22 and 24): 2^51 x 8 is past both.
    expect(() => checkInputMemory({ model: 'm', batch: 2 ** 51, inputs, shapes: { input: [2 ** 51, 8] }, sets: 1, memoryBytes: 2 ** 70 })).toThrow(
      /^batch 2251799813685248: input 'input' of m would be 2251799813685248x8 = 1\.80e\+16 elements, more than one tensor can hold \(\d+\)/,
    );
  });
});
