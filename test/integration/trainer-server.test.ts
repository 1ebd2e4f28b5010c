// Trainers against a real feature server over loopback and real LMDB caches.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runTraining, type BatchStreams, type TrainBatch, type TrainProgress } from "../../src/trainer/index.js";
import { createRemoteBatchStreams } from "../../src/trainer/remote-streams.js";
import { startHarness } from "../helpers/server-harness.js";
import { startServeProcess, type ServeProcess } from "../helpers/server-process.js";
import { createSyntheticCache, syntheticValue } from "../helpers/synthetic-cache.js";
import { tempDir } from "../helpers/temp-dir.js";

const TRAIN = 16;

/** Pseudo-random token values in [-2, 2), a pure function of (id, position, channel). */
function hashed(id: number, p: number, c: number): number {
  const h = Math.imul((id * 73856093) ^ (p * 19349663) ^ (c * 83492791), 2654435761) >>> 0;
  return (h % 1000) / 250 - 2;
}

/** Val samples are copies of the train samples, so validation accuracy is training accuracy. */
const memorise = {
  splits: { train: TRAIN, val: TRAIN },
  gridHeight: 2,
  gridWidth: 2,
  channels: 8,
  numClasses: 4,
  label: (id: number) => [0, 1, 2, 3, 1, 3, 0, 2, 2, 0, 3, 1, 3, 2, 1, 0][id % TRAIN] as number,
  value: (id: number, p: number, c: number) => hashed(id % TRAIN, p, c),
};

for (const head of ["linear", "mlp", "vit"] as const) {
  test(`${head} head overfits a tiny cache served over gRPC to 100% training accuracy`, async (t) => {
    const h = await startHarness(t, { caches: { tiny: memorise } });
    const streams = await createRemoteBatchStreams({ client: { address: `127.0.0.1:${h.server.port}` }, dataset: "tiny" });
    t.after(() => streams.close());
    const s = await runTraining(streams, { head, dim: 32, hidden: 64, depth: 1, heads: 2, epochs: 60, batchSize: 8, lr: 1e-2, weightDecay: 0, labelSmoothing: 0, backend: "wasm", seed: 1 });
    assert.equal(s.val_accuracy, 1, `${head}: ${s.report_text}`);
    assert.equal(s.steps, 120);
  });
}

test("a trainer learns a linearly separable task from the stream, with augmentation on", async (t) => {
  // Channel c of every token carries +1 for the sample's class and -1 otherwise, plus sample-specific noise.
  const h = await startHarness(t, {
    augmentWorkers: 1,
    caches: {
      sep: {
        splits: { train: 96, val: 32 },
        gridHeight: 4,
        gridWidth: 4,
        channels: 8,
        numClasses: 4,
        value: (id, p, c, label) => (c === label ? 1 : -1) + 0.6 * (syntheticValue(id, p, c) / 4),
      },
    },
  });
  const streams = await createRemoteBatchStreams({ client: { address: `127.0.0.1:${h.server.port}` }, dataset: "sep" });
  t.after(() => streams.close());
  const s = await runTraining(streams, { head: "linear", dim: 16, epochs: 8, batchSize: 16, lr: 1e-2, augment: "loff-ta", backend: "wasm", seed: 2 });
  assert.ok(s.val_accuracy >= 0.95, `val accuracy ${s.val_accuracy}\n${s.report_text}`);
  assert.equal(s.confusion_matrix.flat().reduce((a, b) => a + b, 0), 32, "every val sample evaluated once");
});

test("checkpoint resume over the network reproduces the uninterrupted run's next losses exactly", async (t) => {
  const h = await startHarness(t, { augmentWorkers: 1, caches: { tiny: { splits: { train: 24, val: 8 }, gridHeight: 2, gridWidth: 2, channels: 8 } } });
  const address = `127.0.0.1:${h.server.port}`;
  const opts = { head: "mlp" as const, dim: 16, hidden: 16, epochs: 3, batchSize: 8, lr: 5e-3, augment: "loff-ta", backend: "wasm" as const, seed: 4 };
  const lossesOf = async (extra: object): Promise<Map<number, number>> => {
    const streams = await createRemoteBatchStreams({ client: { address }, dataset: "tiny" });
    const losses = new Map<number, number>();
    try {
      await runTraining(streams, { ...opts, ...extra }, { onProgress: (e: TrainProgress) => void (e.kind === "step" && losses.set(e.step, e.loss)) });
    } finally {
      streams.close();
    }
    return losses;
  };
  const full = await lossesOf({});
  assert.equal(full.size, 9);
  const dir = tempDir(t);
  const first = await lossesOf({ checkpointDir: dir, maxSteps: 4, checkpointEverySteps: 1 });
  assert.deepEqual([...first.keys()], [1, 2, 3, 4]);
  const rest = await lossesOf({ checkpointDir: dir, checkpointEverySteps: 1, resume: true });
  assert.deepEqual([...rest.keys()], [5, 6, 7, 8, 9]);
  for (const [step, loss] of rest) assert.equal(loss, full.get(step), `step ${step}`);
});

test("a trainer whose server is killed mid-epoch carries on and sees every sample once per epoch", async (t) => {
  const parent = tempDir(t);
  await createSyntheticCache(parent, "ds", { splits: { train: 40, val: 8 }, gridHeight: 2, gridWidth: 2, channels: 8 });
  let server: ServeProcess = await startServeProcess(parent);
  t.after(() => void server.child.kill("SIGKILL"));
  const remote = await createRemoteBatchStreams({
    client: { address: () => server.address, backoff: { initialMs: 20, maxMs: 200, multiplier: 2 } },
    dataset: "ds",
  });
  t.after(() => remote.close());
  const seen: number[][] = [];
  let batches = 0;
  let restarted = false;
  // Wrap the remote stream: record what the trainer consumes and kill the server after the 3rd batch.
  const streams: BatchStreams = {
    info: remote.info,
    val: (o) => remote.val(o),
    async *train(o) {
      for await (const b of remote.train(o) as AsyncIterable<TrainBatch>) {
        (seen[b.epoch] ??= []).push(...b.ids);
        yield b;
        if (++batches === 3) {
          server.child.kill("SIGKILL");
          await server.exited;
          server = await startServeProcess(parent);
          restarted = true;
        }
      }
    },
  };
  const s = await runTraining(streams, { head: "linear", dim: 8, epochs: 2, batchSize: 8, lr: 1e-2, backend: "wasm", seed: 5 });
  assert.ok(restarted, "the server was restarted mid-epoch");
  assert.equal(s.epochs_completed, 2);
  assert.equal(seen.length, 2);
  for (const ids of seen) assert.deepEqual([...ids].sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i), "each sample exactly once per epoch");
});
