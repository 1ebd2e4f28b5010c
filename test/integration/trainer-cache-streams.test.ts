// In-process cache streams against a real feature server: for the same request they must yield the
// same batches (ids, labels, cursors and bit-identical fp16-rounded tensors), and cursors must move
// between the two.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { createAugmenter } from "../../src/augment/index.js";
import type { BatchStreams, TrainBatch, TrainStreamOptions } from "../../src/trainer/batch-streams.js";
import { createCacheBatchStreams, type CacheBatchStreams } from "../../src/trainer/cache-batch-streams.js";
import { createRemoteBatchStreams } from "../../src/trainer/remote-streams.js";
import { startHarness } from "../helpers/server-harness.js";

const CACHE = { splits: { train: 40, val: 10 }, gridHeight: 4, gridWidth: 4, channels: 8, numClasses: 4 };

async function collect(it: AsyncIterable<TrainBatch>): Promise<TrainBatch[]> {
  const out: TrainBatch[] = [];
  for await (const b of it) out.push(b);
  return out;
}

/** Asserts two batch lists are the same batches, tensors compared value by value. */
function assertSameBatches(actual: TrainBatch[], expected: TrainBatch[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: batch count`);
  actual.forEach((a, i) => {
    const e = expected[i] as TrainBatch;
    const at = `${what} batch ${i}`;
    assert.deepEqual(a.ids, e.ids, `${at}: ids`);
    assert.deepEqual([...a.labels], [...e.labels], `${at}: labels`);
    assert.deepEqual({ ...a.cursor, fingerprint: Number(a.cursor.fingerprint) }, { ...e.cursor, fingerprint: Number(e.cursor.fingerprint) }, `${at}: cursor`);
    assert.equal(a.epoch, e.epoch, `${at}: epoch`);
    assert.equal(a.batchIndex, e.batchIndex, `${at}: batchIndex`);
    assert.deepEqual(a.tokens, e.tokens, `${at}: tokens`);
    assert.deepEqual(a.cls, e.cls, `${at}: cls`);
  });
}

/** Starts a server with a CPU augmentation engine, and opens both kinds of streams over its cache. */
async function bothSources(t: Parameters<typeof startHarness>[0]): Promise<{ remote: BatchStreams; local: CacheBatchStreams; cacheDir: string }> {
  const h = await startHarness(t, { augmentWorkers: 1, caches: { synth: CACHE } });
  const remote = await createRemoteBatchStreams({ client: { address: `127.0.0.1:${h.server.port}` }, dataset: "synth" });
  // Zero workers (the calling thread) on this side: results must not depend on where the kernel runs.
  const augmenter = await createAugmenter({ device: "cpu", workers: 0 });
  const cacheDir = join(h.cacheDir, "synth");
  const local = createCacheBatchStreams({ cacheDir, augmenter });
  t.after(async () => {
    remote.close();
    await local.close();
    await augmenter.close();
  });
  return { remote, local, cacheDir };
}

test("in-process cache streams yield the server's batches for the same seed and policy", async (t) => {
  const { remote, local } = await bothSources(t);
  assert.deepEqual(local.info, remote.info);
  const req: TrainStreamOptions = { epochs: 1, seed: 11, batchSize: 6, augment: "loff-ta" };
  const fromServer = await collect(remote.train(req));
  const inProcess = await collect(local.train(req));
  assert.equal(fromServer.length, 7, "40 samples in batches of 6, the last one partial");
  assertSameBatches(inProcess, fromServer, "train");
  // Every sample once, and augmentation really happened (else the comparison proves little).
  assert.deepEqual(inProcess.flatMap((b) => b.ids).sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i));
  const plain = await collect(local.train({ ...req, augment: "none" }));
  assert.deepEqual(plain.flatMap((b) => b.ids), inProcess.flatMap((b) => b.ids), "the order does not depend on the policy");
  assert.notDeepEqual(plain[0]?.tokens, inProcess[0]?.tokens);
  // The un-augmented validation split, in id order.
  assertSameBatches(await collect(local.val({ batchSize: 4 })), await collect(remote.val({ batchSize: 4 })), "val");
});

test("a cursor from the server's stream resumes the in-process stream at the same batch, and the other way round", async (t) => {
  const { remote, local } = await bothSources(t);
  const req: TrainStreamOptions = { epochs: 2, seed: 5, batchSize: 8, augment: "loff-ta" };
  const whole = await collect(remote.train(req));
  assert.equal(whole.length, 10);
  const third = whole[2] as TrainBatch;
  assertSameBatches(await collect(local.train({ ...req, start: third.cursor })), whole.slice(3), "resumed in-process");
  const localSeventh = (await collect(local.train(req)))[6] as TrainBatch;
  assertSameBatches(await collect(remote.train({ ...req, start: localSeventh.cursor })), whole.slice(7), "resumed on the server");
});

test("in-process cache streams refuse foreign cursors and policies they cannot run", async (t) => {
  const { local, cacheDir } = await bothSources(t);
  const req: TrainStreamOptions = { epochs: 1, seed: 5, batchSize: 8, augment: "none" };
  const [first] = await collect(local.train(req));
  const cursor = (first as TrainBatch).cursor;
  await assert.rejects(collect(local.train({ ...req, seed: 6, start: cursor })), /cursor does not belong/);
  await assert.rejects(collect(local.train({ ...req, start: { ...cursor, offset: 3 } })), /batch boundary/);
  await assert.rejects(collect(local.train({ ...req, start: { ...cursor, epoch: 2 } })), /past the requested/);
  const bare = createCacheBatchStreams({ cacheDir });
  t.after(() => bare.close());
  await assert.rejects(collect(bare.train({ ...req, augment: "loff-ta" })), /needs an augmenter/);
  await assert.rejects(collect(bare.train({ ...req, augment: "no-such-preset" })), /unknown preset/);
  assert.equal((await collect(bare.train(req))).length, 5, "no augmenter is needed without augmentation");
});
