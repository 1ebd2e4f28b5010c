// Properties of order, sharding and cursors: permutations, disjoint covering shards with equal
// batch counts, and resumption from any emitted cursor reproducing the rest of the stream.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { createBatchSequence, type BatchRef } from "../../src/server/batch-sequence.js";
import { cursorFingerprint } from "../../src/server/cursor.js";
import { epochOrder } from "../../src/server/sample-order.js";
import { batchesPerEpoch, shardIndex, shardLength, type ShardSpec } from "../../src/server/sharding.js";
import type { StreamPlan } from "../../src/server/stream-plan.js";

test("every epoch order is a permutation of 0..n-1", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 300 }), fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.nat({ max: 1000 }), (n, seed, epoch) => {
      const o = Array.from(epochOrder(n, seed, epoch, true)).sort((a, b) => a - b);
      assert.deepEqual(o, Array.from({ length: n }, (_, i) => i));
    }),
  );
});

test("shards are disjoint and cover the epoch (wrap) or all but n mod world (drop), equal lengths", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 16 }), fc.boolean(), (n, world, wrap) => {
      const remainder = wrap ? "wrap" : "drop";
      const lengths = new Set<number>();
      const seen = new Map<number, number>();
      for (let rank = 0; rank < world; rank++) {
        const spec: ShardSpec = { rank, world, remainder };
        const len = shardLength(n, spec);
        lengths.add(len);
        for (let i = 0; i < len; i++) {
          const k = shardIndex(n, spec, i);
          seen.set(k, (seen.get(k) ?? 0) + 1);
        }
      }
      assert.equal(lengths.size, 1);
      const total = [...seen.values()].reduce((a, b) => a + b, 0);
      if (wrap) {
        assert.equal(seen.size, n, "wrap covers every position");
        assert.ok(total - n < world, "wrap repeats fewer than world positions");
      } else {
        assert.equal(total, n - (n % world));
        assert.equal(seen.size, total, "drop never repeats");
        assert.ok([...seen.keys()].every((k) => k < n - (n % world)), "drop drops the last positions");
      }
    }),
  );
});

function planOf(n: number, batchSize: number, world: number, rank: number, dropLast: boolean, epochs: number, seed: number, start = { epoch: 0, batch: 0 }): StreamPlan {
  const shard: ShardSpec = { rank, world, remainder: "wrap" };
  const key = { dataset: "d", split: "train", seed, shuffle: true, shard, batchSize, dropLast };
  const length = shardLength(n, shard);
  return {
    ids: Float64Array.from({ length: n }, (_, i) => 1000 + i),
    labels: Int32Array.from({ length: n }, (_, i) => i % 3),
    key,
    fingerprint: cursorFingerprint(key),
    epochs,
    shardLength: length,
    batchesPerEpoch: batchesPerEpoch(length, batchSize, dropLast),
    start,
  } as unknown as StreamPlan;
}

function all(plan: StreamPlan): BatchRef[] {
  const seq = createBatchSequence(plan);
  const out: BatchRef[] = [];
  for (let r = seq.next(); r !== undefined; r = seq.next()) out.push(r);
  return out;
}

test("resuming from any emitted cursor reproduces the rest of the stream", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 60 }),
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 1, max: 4 }),
      fc.boolean(),
      fc.integer({ min: 1, max: 3 }),
      fc.nat({ max: 2 ** 32 }),
      fc.nat(),
      (n, batchSize, world, dropLast, epochs, seed, pick) => {
        const rank = pick % world;
        const base = planOf(n, batchSize, world, rank, dropLast, epochs, seed);
        fc.pre(base.batchesPerEpoch > 0);
        const full = all(base);
        assert.equal(full.length, epochs * base.batchesPerEpoch);
        const cut = pick % full.length;
        const c = (full[cut] as BatchRef).cursor;
        assert.equal(c.fingerprint, base.fingerprint);
        const rest = all({ ...base, start: { epoch: c.epoch, batch: c.offset / batchSize } });
        assert.deepEqual(rest, full.slice(cut + 1));
      },
    ),
  );
});

test("fingerprints differ when any order-shaping field differs and fit in 53 bits", () => {
  const base = { dataset: "d", split: "train", seed: 1, shuffle: true, shard: { rank: 0, world: 1, remainder: "wrap" as const }, batchSize: 8, dropLast: false };
  const variants = [
    { ...base, dataset: "e" },
    { ...base, split: "val" },
    { ...base, seed: 2 },
    { ...base, shuffle: false },
    { ...base, shard: { rank: 0, world: 2, remainder: "wrap" as const } },
    { ...base, shard: { rank: 0, world: 1, remainder: "drop" as const } },
    { ...base, batchSize: 9 },
    { ...base, dropLast: true },
  ];
  const fps = [base, ...variants].map(cursorFingerprint);
  assert.equal(new Set(fps).size, fps.length);
  for (const fp of fps) assert.ok(Number.isSafeInteger(fp) && fp > 0);
});
