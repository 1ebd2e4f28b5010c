import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { resolveAtomicDir, writeDirAtomic } from "../../src/trainer/atomic-dir.js";
import { createArrayBatchStreams } from "../../src/trainer/array-batch-streams.js";
import { findCheckpoint, loadCheckpoint } from "../../src/trainer/checkpoint.js";
import { loadHead, predictLogits, predictTopK } from "../../src/trainer/predict.js";
import { createSyntheticDataset } from "../../src/trainer/synthetic-dataset.js";
import { runTraining, type TrainProgress } from "../../src/trainer/train-loop.js";
import type { TrainOptions } from "../../src/trainer/train-options.js";

const root = mkdtempSync(join(tmpdir(), "loff-trainer-ckpt-"));
after(() => rmSync(root, { recursive: true, force: true }));

const data = createSyntheticDataset({ classes: 3, trainSamples: 18, valSamples: 9, gridHeight: 3, gridWidth: 3, channels: 6, seed: 2, kind: "separable", signal: 0.7 });

function losses(): { events: Map<number, number>; onProgress(e: TrainProgress): void } {
  const events = new Map<number, number>();
  return { events, onProgress: (e) => void (e.kind === "step" && events.set(e.step, e.loss)) };
}

// 18 samples / batch 4 = 5 steps per epoch (the last batch has 2), 3 epochs = 15 steps.
const base: Partial<TrainOptions> = { head: "vit", dim: 16, depth: 1, heads: 2, epochs: 3, batchSize: 4, lr: 5e-3, augment: "hflip", seed: 11, backend: "wasm" };

for (const stopAt of [3, 5, 7]) {
  test(`resume after step ${stopAt} reproduces the uninterrupted run's losses exactly`, async () => {
    const whole = losses();
    const reference = await runTraining(createArrayBatchStreams(data), base, whole);
    assert.equal(reference.steps, 15);

    const dir = join(root, `run-${stopAt}`);
    const first = losses();
    const partial = await runTraining(createArrayBatchStreams(data), { ...base, checkpointDir: dir, maxSteps: stopAt }, first);
    assert.equal(partial.steps, stopAt);
    assert.equal(partial.stopped_early, true);
    const saved = await loadCheckpoint(join(dir, "last"));
    assert.equal(saved.state.step, stopAt);
    assert.equal(saved.optimizer.step, stopAt);

    const second = losses();
    const resumed = await runTraining(createArrayBatchStreams(data), { ...base, checkpointDir: dir, resume: true }, second);
    assert.equal(resumed.resumed_from_step, stopAt);
    assert.equal(resumed.steps, 15);
    assert.deepEqual([...second.events.keys()], Array.from({ length: 15 - stopAt }, (_, i) => stopAt + 1 + i));
    for (const [step, loss] of second.events) assert.equal(loss, whole.events.get(step), `loss of step ${step}`);
    for (const [step, loss] of first.events) assert.equal(loss, whole.events.get(step), `loss of step ${step} before the stop`);
    assert.deepEqual(resumed.history, reference.history);
    assert.equal(resumed.val_accuracy, reference.val_accuracy);
    assert.deepEqual(resumed.confusion_matrix, reference.confusion_matrix);
    assert.equal(resumed.samples_seen, 3 * 18);
  });
}

test("best/ holds the best-on-validation head; loadHead and predict read it", async () => {
  const dir = join(root, "best");
  const s = await runTraining(createArrayBatchStreams(data), { ...base, head: "linear", epochs: 4, checkpointDir: dir });
  const bestAcc = Math.max(...s.history.map((h) => h.val_accuracy));
  assert.equal(s.best_val_accuracy, bestAcc);
  assert.equal(s.history[s.best_epoch ?? -1]?.val_accuracy, bestAcc);
  const best = await loadCheckpoint(join(dir, "best"));
  assert.equal(best.state.bestEpoch, s.best_epoch);
  assert.equal(best.state.lastEval?.accuracy, bestAcc);
  assert.deepEqual(readdirSync(dir).sort(), ["best", "last"], "no temp or old directories left behind");

  const loaded = await loadHead(dir, { backend: "wasm" });
  assert.equal(loaded.dir, join(dir, "best"));
  assert.deepEqual(loaded.labelNames, data.labelNames);
  // The loaded head reproduces the accuracy the checkpoint recorded.
  const logits = await predictLogits(loaded, data.val.tokens, data.val.cls);
  assert.equal(logits.length, 9 * 3);
  const top = await predictTopK(loaded, data.val.tokens, data.val.cls, 2);
  assert.equal(top.length, 9);
  const correct = top.filter((t, i) => t[0]?.index === data.val.labels[i]).length;
  assert.equal(correct / 9, bestAcc);
  for (const t of top) {
    assert.equal(t.length, 2);
    assert.ok((t[0]?.probability ?? 0) >= (t[1]?.probability ?? 1));
    assert.equal(t[0]?.label, data.labelNames[t[0]?.index ?? -1]);
  }
  loaded.dispose();
  await assert.rejects(loadHead(join(root, "nothing-here")), /no checkpoint/);
});

test("resume refuses a checkpoint made with different options", async () => {
  const dir = join(root, "mismatch");
  await runTraining(createArrayBatchStreams(data), { ...base, head: "linear", epochs: 1, checkpointDir: dir });
  await assert.rejects(runTraining(createArrayBatchStreams(data), { ...base, head: "linear", epochs: 1, lr: 1, checkpointDir: dir, resume: true }), /different options/);
  await assert.rejects(runTraining(createArrayBatchStreams(data), { ...base, resume: true }), /resume needs a checkpoint directory/);
});

test("atomic directory writes replace the whole directory and survive a crash between renames", async () => {
  const dir = join(root, "atomic");
  await writeDirAtomic(dir, "last", [["a.txt", "one"], ["b.txt", "one"]]);
  await writeDirAtomic(dir, "last", [["a.txt", "two"]]);
  assert.deepEqual(readdirSync(join(dir, "last")), ["a.txt"]);
  assert.deepEqual(readdirSync(dir), ["last"]);
  // Simulate a crash after moving the live directory aside, before the new one was renamed in.
  renameSync(join(dir, "last"), join(dir, ".old-last-abc"));
  assert.equal(await resolveAtomicDir(dir, "last"), join(dir, ".old-last-abc"));
  assert.equal(await resolveAtomicDir(dir, "best"), undefined);
  assert.equal(existsSync(join(dir, "last")), false);
  assert.equal(await findCheckpoint(dir, "last"), undefined, "a directory without config.json is not a checkpoint");
});
