// /metrics on its own port passes `promtool check metrics`, and its counters match what the
// clients received.
import assert from "node:assert/strict";
import { test } from "node:test";
import { startMetricsServer } from "../../src/metrics/metrics-http.js";
import { createMetricsRegistry } from "../../src/metrics/registry.js";
import { startHarness } from "../helpers/server-harness.js";
import { assertPromtoolClean, httpGet, sampleValue } from "../helpers/server-promtool.js";

test("metrics are lint-clean and count exactly what was streamed", async (t) => {
  const registry = createMetricsRegistry();
  // Started before the harness, so its listener is part of the leak check's baseline.
  const metrics = await startMetricsServer(registry, { port: 0, host: "127.0.0.1" });
  t.after(() => metrics.close());
  const h = await startHarness(t, { server: { registry }, augmentWorkers: 1 });
  let batches = 0;
  let samples = 0;
  let bytes = 0;
  const reqs = [
    { dataset: "synth", batchSize: 6, epochs: 2, shuffle: true },
    { dataset: "synth", batchSize: 5, epochs: 1, augmentation: { preset: "loff-ta", ops: [] } },
  ];
  for (const req of reqs) {
    for await (const b of h.client.streamBatches(req)) {
      batches++;
      samples += b.ids.length;
      bytes += b.messageBytes;
    }
  }
  await assert.rejects(h.client.getDatasetInfo("nope"));
  const text = await httpGet(metrics.url);
  assertPromtoolClean(text);
  assert.equal(sampleValue(text, "loff_stream_batches_total"), batches);
  assert.equal(sampleValue(text, "loff_stream_samples_total"), samples);
  assert.equal(sampleValue(text, "loff_stream_bytes_total"), bytes);
  assert.equal(sampleValue(text, "loff_stream_samples_total", 'device="cpu"'), 40);
  assert.equal(sampleValue(text, "grpc_server_msg_sent_total", 'grpc_method="StreamBatches"'), batches);
  assert.equal(sampleValue(text, "grpc_server_handled_total", 'grpc_method="StreamBatches"', 'grpc_code="OK"'), 2);
  assert.equal(sampleValue(text, "grpc_server_handled_total", 'grpc_method="GetDatasetInfo"', 'grpc_code="NotFound"'), 1);
  assert.equal(sampleValue(text, "loff_stream_stage_duration_seconds_count", 'stage="augment"'), 8);
  assert.equal(sampleValue(text, "loff_stream_stage_duration_seconds_count", 'stage="batch"'), batches);
  assert.equal(sampleValue(text, "loff_active_streams"), 0);
  assert.equal(sampleValue(text, "loff_build_info"), 1);
  assert.ok(sampleValue(text, "process_resident_memory_bytes") > 0);
  assert.ok(!/dataset="nope"/.test(text), "request-supplied names never become label values");
});
