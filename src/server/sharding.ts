// Sharding of an epoch among DDP ranks: rank r takes positions r, r + world, r + 2·world, ... of
// the epoch order (like torch's DistributedSampler), so shards are disjoint, cover the epoch and
// have equal lengths; the remainder is padded from the start of the order (wrap) or dropped.

/** How a stream's epoch is split among ranks (normalised: world >= 1, 0 <= rank < world). */
export interface ShardSpec {
  rank: number;
  world: number;
  remainder: "wrap" | "drop";
}

/** Number of positions of one rank's shard of an epoch of `n` samples. */
export function shardLength(n: number, spec: ShardSpec): number {
  if (n === 0) return 0;
  return spec.remainder === "wrap" ? Math.ceil(n / spec.world) : Math.floor(n / spec.world);
}

/** Index into the epoch order of position `i` of the rank's shard (0 <= i < shardLength). */
export function shardIndex(n: number, spec: ShardSpec, i: number): number {
  return (i * spec.world + spec.rank) % n;
}

/** Number of batches per epoch of a shard of `length` positions. */
export function batchesPerEpoch(length: number, batchSize: number, dropLast: boolean): number {
  return dropLast ? Math.floor(length / batchSize) : Math.ceil(length / batchSize);
}
