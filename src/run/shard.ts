/**
 * `--shard i/n`: a deterministic slice of the planned matrix, so a CI system's own job matrix
 * can spread a suite over machines (docs/ci.md, Shards). Round-robin over plan order rather than
 * contiguous blocks: the plan lists a model's backends and batches next to each other, and
 * dealing them out keeps one slow model from landing in a single shard.
 */
import { DnnperfError } from '../errors.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function validateShard(shard: Shard): void {
  if (!Number.isInteger(shard.count) || shard.count < 1) {
    throw new DnnperfError('E_BAD_ARGUMENT', `--shard ${shard.index}/${shard.count}: count must be a positive integer`);
  }
  if (!Number.isInteger(shard.index) || shard.index < 1 || shard.index > shard.count) {
    throw new DnnperfError('E_BAD_ARGUMENT', `--shard ${shard.index}/${shard.count}: index must be 1..${shard.count}`);
  }
}

/** The configurations of shard `index` of `count`: every count-th one, starting at index - 1. */
export function selectShard<T>(configs: readonly T[], shard: Shard): T[] {
  validateShard(shard);
  return configs.filter((_, i) => i % shard.count === shard.index - 1);
}
