import { describe, expect, it } from 'vitest';
import { parseShard } from '../../src/cli/parse.js';
import { selectShard } from '../../src/run/shard.js';

describe('selectShard', () => {
  const configs = Array.from({ length: 10 }, (_, i) => i);
  it('deals configurations round-robin, deterministically', () => {
    expect(selectShard(configs, { index: 1, count: 3 })).toEqual([0, 3, 6, 9]);
    expect(selectShard(configs, { index: 2, count: 3 })).toEqual([1, 4, 7]);
    expect(selectShard(configs, { index: 3, count: 3 })).toEqual([2, 5, 8]);
  });
  it('the shards partition the matrix', () => {
    for (const count of [1, 2, 3, 4, 7, 10, 12]) {
      const all = Array.from({ length: count }, (_, i) => selectShard(configs, { index: i + 1, count })).flat();
      expect(all.sort((a, b) => a - b)).toEqual(configs);
    }
  });
  it('rejects an index outside 1..n', () => {
    expect(() => selectShard(configs, { index: 3, count: 2 })).toThrow('--shard 3/2: index must be 1..2');
    expect(() => selectShard(configs, { index: 0, count: 2 })).toThrow('--shard 0/2: index must be 1..2');
    expect(() => selectShard(configs, { index: 1, count: 0 })).toThrow('--shard 1/0: count must be a positive integer');
  });
});

describe('parseShard', () => {
  it('parses i/n', () => expect(parseShard('2/4')).toEqual({ index: 2, count: 4 }));
  it('rejects junk and out-of-range', () => {
    expect(() => parseShard('2-4')).toThrow('--shard 2-4: must be i/n, e.g. --shard 1/4');
    expect(() => parseShard('5/4')).toThrow('--shard 5/4: index must be 1..4');
  });
});
