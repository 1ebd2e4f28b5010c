// Killing the server (SIGKILL) or draining it (SIGTERM) in the middle of a stream: the client
// resumes on a new server from its last cursor and the concatenated samples (ids and bytes,
// augmented) equal an uninterrupted run.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { status } from "@grpc/grpc-js";
import { createFeatureClient, type FeatureBatch, type StreamRequest } from "../../src/client/index.js";
import { startServeProcess, type ServeProcess } from "../helpers/server-process.js";
import { createSyntheticCache } from "../helpers/synthetic-cache.js";
import { tempDir } from "../helpers/temp-dir.js";

function samplesOf(b: FeatureBatch): string[] {
  const per = b.tokens.byteLength / b.ids.length;
  const bytes = Buffer.from(b.tokens.buffer, b.tokens.byteOffset, b.tokens.byteLength);
  return b.ids.map((id, i) => `${b.epoch}:${id}:${createHash("sha256").update(bytes.subarray(i * per, (i + 1) * per)).digest("hex")}`);
}

test("a stream survives SIGKILL and SIGTERM of its server and equals the uninterrupted run", async (t) => {
  const dir = tempDir(t);
  await createSyntheticCache(dir, "synth", { splits: { train: 120 }, gridHeight: 8, gridWidth: 8, channels: 64 });
  const servers: ServeProcess[] = [];
  t.after(async () => {
    for (const s of servers) s.child.kill("SIGKILL");
    await Promise.all(servers.map((s) => s.exited));
  });
  const start = async (): Promise<ServeProcess> => {
    const s = await startServeProcess(`${dir}/synth`, ["--device", "cpu", "--workers", "1"]);
    servers.push(s);
    return s;
  };
  let current = await start();
  const req: StreamRequest = { dataset: "synth", batchSize: 4, epochs: 2, shuffle: true, seed: 3, augmentation: { preset: "loff-ta", ops: [] } };

  const reference: string[] = [];
  const plain = createFeatureClient({ address: current.address });
  for await (const b of plain.streamBatches(req)) reference.push(...samplesOf(b));
  plain.close();
  assert.equal(reference.length, 240);

  // A small flow-control window keeps the server from running far ahead of this reader.
  const client = createFeatureClient({ address: () => current.address, backoff: { initialMs: 20, maxMs: 200, multiplier: 2 }, maxRetries: 50, flowControlWindowBytes: 65_535 });
  const retried: number[] = [];
  const got: string[] = [];
  let batches = 0;
  let drained: Promise<number | string> | undefined;
  for await (const b of client.streamBatches(req, { onRetry: (_a, e) => retried.push(e.code) })) {
    got.push(...samplesOf(b));
    batches++;
    if (batches === 10) {
      current.child.kill("SIGKILL");
      assert.equal(await current.exited, "SIGKILL");
      current = await start();
    } else if (batches === 35) {
      const draining = current;
      current = await start();
      draining.child.kill("SIGTERM");
      drained = draining.exited; // awaited after the loop: the server waits for this reader to flush
    }
  }
  client.close();
  assert.equal(await drained, 0, "a drained server exits cleanly");
  assert.deepEqual(got, reference);
  assert.ok(retried.length >= 2 && retried.every((c) => c === status.UNAVAILABLE), `retries: ${retried.join(",")}`);
});
