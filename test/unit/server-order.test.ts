// Sample order: SplitMix64 matches the reference outputs, permutations are pinned so other
// languages can check their implementation against these literals.
import assert from "node:assert/strict";
import { test } from "node:test";
import { epochOrder } from "../../src/server/sample-order.js";
import { createSplitMix64, epochState } from "../../src/server/splitmix64.js";
import { batchesPerEpoch, shardIndex, shardLength } from "../../src/server/sharding.js";

test("SplitMix64 reproduces the reference outputs of splitmix64.c for seed 1234567", () => {
  const g = createSplitMix64(1234567n);
  assert.deepEqual(
    [g.next(), g.next(), g.next(), g.next(), g.next()],
    [6457827717110365317n, 3203168211198807973n, 9817491932198370423n, 4593380528125082431n, 16408922859458223821n],
  );
});

test("epoch state mixes the epoch in with the documented constant", () => {
  assert.equal(epochState(0, 0), 0xd1b54a32d192ed03n);
  assert.equal(epochState(1, 1), (2n * 0xd1b54a32d192ed03n) % 2n ** 64n ^ 1n);
});

test("orders are permutations; without shuffle the identity; pinned for seed 42", () => {
  assert.deepEqual(Array.from(epochOrder(5, 42, 0, false)), [0, 1, 2, 3, 4]);
  const o = Array.from(epochOrder(10, 42, 0, true));
  assert.deepEqual([...o].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(o, PINNED_42_0);
  assert.notDeepEqual(Array.from(epochOrder(10, 42, 1, true)), o);
  assert.deepEqual(Array.from(epochOrder(1, 42, 0, true)), [0]);
  assert.deepEqual(Array.from(epochOrder(0, 42, 0, true)), []);
});

test("sharding: interleaved ranks, wrap pads from the start, drop truncates", () => {
  const wrap = { rank: 1, world: 3, remainder: "wrap" as const };
  assert.equal(shardLength(10, wrap), 4);
  assert.deepEqual([0, 1, 2, 3].map((i) => shardIndex(10, wrap, i)), [1, 4, 7, 0]);
  const drop = { rank: 2, world: 3, remainder: "drop" as const };
  assert.equal(shardLength(10, drop), 3);
  assert.deepEqual([0, 1, 2].map((i) => shardIndex(10, drop, i)), [2, 5, 8]);
  assert.equal(batchesPerEpoch(10, 4, false), 3);
  assert.equal(batchesPerEpoch(10, 4, true), 2);
});

// Computed independently with the Python recipe of docs/protocol.md.
const PINNED_42_0 = [7, 5, 8, 0, 9, 6, 2, 1, 4, 3];
