// A slow reader cannot grow the server's buffers past a fixed bound, and cancelling a stream
// frees everything it held (the harness fails the test on leaked streams or handles).
import assert from "node:assert/strict";
import { test } from "node:test";
import type { FeatureServer } from "../../src/server/index.js";
import { startHarness } from "../helpers/server-harness.js";

/** Yields to the event loop until `cond` holds (at most `turns` times). */
async function until(cond: () => boolean, turns = 100_000): Promise<void> {
  for (let i = 0; i < turns && !cond(); i++) await new Promise((r) => setImmediate(r));
  assert.ok(cond(), "condition not reached");
}

/** Lets the server run for `turns` event-loop turns, returning the largest buffered bytes seen. */
async function peakOver(server: FeatureServer, turns: number): Promise<number> {
  let peak = 0;
  for (let i = 0; i < turns; i++) {
    peak = Math.max(peak, server.stats().bufferedBytes);
    await new Promise((r) => setImmediate(r));
  }
  return peak;
}

const GRID = { gridHeight: 16, gridWidth: 16, channels: 64 };
const BATCH = 16;
const BATCH_BYTES = BATCH * (16 * 16 * 64 + 64) * 2;

test("a client that stops reading leaves the server blocked within a fixed buffer bound", async (t) => {
  const h = await startHarness(t, { caches: { big: { splits: { train: 64 }, ...GRID } }, client: { flowControlWindowBytes: 65_535 } });
  const it = h.client.streamBatches({ dataset: "big", batchSize: BATCH, epochs: 0 });
  const first = await it.next();
  assert.equal(first.done, false);
  // The client now reads nothing: the server fills its bounded pipeline and stops producing.
  await until(() => h.server.stats().unflushedMessages === 2);
  const peak = await peakOver(h.server, 2000);
  const stats = h.server.stats();
  assert.equal(stats.activeStreams, 1);
  assert.ok(stats.maxUnflushedPerStream <= 2, `un-flushed messages reached ${stats.maxUnflushedPerStream}`);
  // Two message slots, scratch for one batch, two un-flushed messages: about five batches.
  assert.ok(peak <= 6 * BATCH_BYTES, `buffered ${peak} bytes, bound ${6 * BATCH_BYTES}`);
  // Reading again resumes the stream where it stopped.
  const ids: number[] = [];
  for (let i = 0; i < 12; i++) {
    const r = await it.next();
    assert.equal(r.done, false);
    if (!r.done) ids.push(...r.value.ids);
  }
  assert.equal(ids.length, 12 * BATCH);
  assert.deepEqual(ids.slice(0, 3 * BATCH).sort((a, b) => a - b), Array.from({ length: 48 }, (_, i) => i + 16));
  await it.return();
  await until(() => h.server.stats().activeStreams === 0);
  assert.equal(h.server.stats().bufferedBytes, 0);
});

test("cancelling augmented streams stops their work and releases their buffers", async (t) => {
  const h = await startHarness(t, { caches: { big: { splits: { train: 64 }, ...GRID } }, augmentWorkers: 1 });
  const controllers = [new AbortController(), new AbortController(), new AbortController()];
  const streams = controllers.map((ac, i) => h.newClient().streamBatches({ dataset: "big", batchSize: 8, epochs: 0, seed: i, augmentation: { preset: "loff-ta", ops: [] } }, { signal: ac.signal }));
  for (const s of streams) assert.equal((await s.next()).done, false);
  await until(() => h.server.stats().activeStreams === 3);
  assert.ok(h.server.stats().bufferedBytes > 0);
  for (const ac of controllers) ac.abort(new Error("stop"));
  for (const s of streams) await assert.rejects(s.next(), /stop/);
  await until(() => h.server.stats().activeStreams === 0);
  assert.equal(h.server.stats().bufferedBytes, 0);
  assert.equal(h.server.stats().unflushedMessages, 0);
});
