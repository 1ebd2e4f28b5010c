import assert from "node:assert/strict";
import { request } from "node:http";
import { test } from "node:test";
import { Registry } from "prom-client";
import { startMetricsServer } from "../../src/metrics/metrics-http.js";
import { createTrainerMetrics } from "../../src/metrics/trainer-metrics.js";
import { createArrayBatchStreams } from "../../src/trainer/array-batch-streams.js";
import { createSyntheticDataset } from "../../src/trainer/synthetic-dataset.js";
import { runTraining } from "../../src/trainer/train-loop.js";

function get(url: string, method = "GET"): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The value of the sample line `name{labels}` in a Prometheus text exposition. */
function sample(text: string, name: string, labels: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name}{${labels}} `));
  assert.ok(line !== undefined, `no sample ${name}{${labels}}`);
  return Number(line.slice(line.lastIndexOf(" ") + 1));
}

test("a trainer's metrics are scraped over HTTP with the values of the run", async () => {
  const registry = new Registry();
  const server = await startMetricsServer(registry, { port: 0 });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const metrics = createTrainerMetrics(registry, { run: "probe" });
    // A second recorder on the same registry (two trainers in one process) must not collide.
    createTrainerMetrics(registry, { run: "other" });
    const data = createSyntheticDataset({ classes: 2, trainSamples: 12, valSamples: 6, gridHeight: 2, gridWidth: 2, channels: 4, seed: 5, kind: "separable", signal: 2 });
    const s = await runTraining(createArrayBatchStreams(data), { head: "linear", dim: 8, epochs: 2, batchSize: 5, backend: "wasm" }, { metrics });
    const res = await get(server.url);
    assert.equal(res.status, 200);
    assert.match(res.type, /^text\/plain/);
    const t = res.body;
    const run = 'run="probe"';
    assert.equal(sample(t, "loff_trainer_step", run), s.steps);
    assert.equal(s.steps, 6);
    assert.equal(sample(t, "loff_trainer_epoch", run), 1);
    assert.equal(sample(t, "loff_trainer_samples_total", run), s.samples_seen);
    assert.equal(sample(t, "loff_trainer_accuracy", `${run},split="val"`), s.val_accuracy);
    assert.equal(sample(t, "loff_trainer_mean_class_accuracy", `${run},split="val"`), s.mean_class_accuracy);
    assert.ok(Math.abs(sample(t, "loff_trainer_loss", `${run},split="val"`) - s.val_loss) < 1e-12);
    assert.ok(sample(t, "loff_trainer_learning_rate", run) >= 0);
    assert.ok(sample(t, "loff_trainer_samples_per_second", run) > 0);
    assert.equal(sample(t, "loff_trainer_input_wait_seconds_count", run), s.steps);
    assert.equal(sample(t, "loff_trainer_compute_seconds_count", run), s.steps);
    assert.ok(Math.abs(sample(t, "loff_trainer_input_wait_seconds_sum", run) - s.input_wait_s) < 1e-6);
    assert.match(t, /^process_cpu_user_seconds_total \d/m, "default process metrics are exported");
    assert.match(t, /# TYPE loff_trainer_input_wait_seconds histogram/);
    assert.equal((await get(server.url.replace("/metrics", "/other"))).status, 404);
    assert.equal((await get(server.url, "POST")).status, 405);
    const head = await get(server.url, "HEAD");
    assert.equal(head.status, 200);
    assert.equal(head.body, "");
  } finally {
    await server.close();
  }
  await assert.rejects(get(server.url), /ECONNREFUSED/);
});
