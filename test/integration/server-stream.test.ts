// StreamBatches against a real server and real LMDB caches: coverage per epoch, sharding,
// determinism, layouts, dtypes, CLS and pooling, and the bytes of every sample.
import assert from "node:assert/strict";
import { test } from "node:test";
import { float16ToFloat32, Layout, Remainder, DataType, type FeatureBatch, type FeatureClient, type StreamRequest } from "../../src/client/index.js";
import { fromFloat16, toFloat16 } from "../../src/contract/float16.js";
import { startHarness } from "../helpers/server-harness.js";
import { syntheticValue } from "../helpers/synthetic-cache.js";

const H = 4;
const W = 4;
const C = 8;

async function collect(client: FeatureClient, req: StreamRequest): Promise<FeatureBatch[]> {
  const out: FeatureBatch[] = [];
  for await (const b of client.streamBatches(req)) out.push(b);
  return out;
}

test("two shuffled epochs hold every sample exactly once each, with the cache's bytes", async (t) => {
  const h = await startHarness(t);
  const batches = await collect(h.client, { dataset: "synth", batchSize: 7, epochs: 2, shuffle: true, seed: 11 });
  assert.deepEqual(
    batches.map((b) => [b.epoch, b.batchIndex]),
    [0, 1].flatMap((e) => [0, 1, 2, 3, 4, 5].map((k) => [e, k])),
  );
  for (const e of [0, 1]) {
    const ids = batches.filter((b) => b.epoch === e).flatMap((b) => b.ids);
    assert.deepEqual([...ids].sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i));
    assert.notDeepEqual(ids, Array.from({ length: 40 }, (_, i) => i), "epoch is not shuffled");
  }
  const e0 = batches.filter((b) => b.epoch === 0).flatMap((b) => b.ids);
  const e1 = batches.filter((b) => b.epoch === 1).flatMap((b) => b.ids);
  assert.notDeepEqual(e0, e1, "epochs share one order");
  for (const b of batches) {
    assert.equal(b.dtype, "float16");
    assert.deepEqual(b.shape, [b.ids.length, H * W, C]);
    b.ids.forEach((id, i) => {
      assert.equal(b.labels[i], id % 4);
      assert.equal(fromFloat16(b.tokens[i * H * W * C + 5 * C + 3] as number), fromFloat16(toFloat16(syntheticValue(id, 5, 3))));
      assert.equal(fromFloat16(b.cls?.[i * C + 2] as number), fromFloat16(toFloat16(syntheticValue(id, H * W, 2))));
    });
  }
  assert.deepEqual(batches.at(-1)?.cursor.epoch, 2);
});

test("the same request twice gives identical bytes; another seed another order", async (t) => {
  const h = await startHarness(t);
  const req = { dataset: "synth", batchSize: 8, epochs: 1, shuffle: true, seed: 5 };
  const a = await collect(h.client, req);
  const b = await collect(h.newClient(), req);
  assert.deepEqual(a.map((x) => x.ids), b.map((x) => x.ids));
  assert.deepEqual(a.map((x) => Buffer.from(x.tokens.buffer, x.tokens.byteOffset, x.tokens.byteLength)), b.map((x) => Buffer.from(x.tokens.buffer, x.tokens.byteOffset, x.tokens.byteLength)));
  const c = await collect(h.client, { ...req, seed: 6 });
  assert.notDeepEqual(a.map((x) => x.ids), c.map((x) => x.ids));
});

test("shards are disjoint, cover the epoch and have equal batch counts (wrap and drop)", async (t) => {
  const h = await startHarness(t, { caches: { synth: { splits: { train: 41 } } } });
  for (const remainder of [Remainder.REMAINDER_WRAP, Remainder.REMAINDER_DROP]) {
    const world = 4;
    const shards = await Promise.all(
      Array.from({ length: world }, (_, rank) => collect(h.client, { dataset: "synth", batchSize: 3, epochs: 1, shuffle: true, seed: 2, shard: { rank, world, remainder } })),
    );
    const counts = shards.map((s) => s.length);
    assert.ok(counts.every((n) => n === counts[0]), `unequal batch counts ${counts.join(",")}`);
    const ids = shards.flatMap((s) => s.flatMap((b) => b.ids));
    if (remainder === Remainder.REMAINDER_WRAP) {
      assert.equal(ids.length, 44);
      assert.equal(new Set(ids).size, 41, "wrap must cover every sample");
    } else {
      assert.equal(ids.length, 40);
      assert.equal(new Set(ids).size, 40, "drop must not repeat samples");
    }
  }
});

test("layout, dtype, CLS and serve-time pooling are applied as requested", async (t) => {
  const h = await startHarness(t, { augmentWorkers: 1 });
  const [grid] = await collect(h.client, { dataset: "synth", batchSize: 4, epochs: 1, layout: Layout.LAYOUT_GRID, dtype: DataType.DATA_TYPE_FLOAT32, includeCls: false });
  assert.ok(grid !== undefined);
  assert.deepEqual(grid.shape, [4, H, W, C]);
  assert.ok(grid.tokens instanceof Float32Array);
  assert.equal(grid.cls, undefined);
  assert.equal(grid.tokens[(2 * H * W + 6) * C + 1], fromFloat16(toFloat16(syntheticValue(2, 6, 1))));
  const [pooled] = await collect(h.client, { dataset: "synth", batchSize: 2, epochs: 1, pool: 2, dtype: DataType.DATA_TYPE_FLOAT32 });
  assert.ok(pooled !== undefined);
  assert.deepEqual(pooled.shape, [2, 4, C]);
  // Token (0,0) of the pooled grid of sample 1 averages tokens 0, 1, 4, 5 of the stored grid.
  const mean = [0, 1, 4, 5].reduce((a, p) => a + fromFloat16(toFloat16(syntheticValue(1, p, 3))), 0) / 4;
  assert.ok(Math.abs((pooled.tokens[1 * 4 * C + 3] as number) - mean) < 1e-6);
  assert.ok(pooled.cls instanceof Float32Array);
  assert.deepEqual(Array.from(float16ToFloat32(Uint16Array.from([toFloat16(1.5)]))), [1.5]);
});
