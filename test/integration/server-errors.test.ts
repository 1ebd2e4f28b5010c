// Bad requests get the mapped status with a useful message, limits and auth are enforced, and
// the health check still says SERVING afterwards (whole server and per dataset).
import assert from "node:assert/strict";
import { test } from "node:test";
import { credentials, makeClientConstructor, status, type ServiceError } from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";
import type { FeatureClient, StreamRequest } from "../../src/client/index.js";
import { startHarness } from "../helpers/server-harness.js";

async function drain(client: FeatureClient, req: StreamRequest): Promise<number> {
  let n = 0;
  for await (const _ of client.streamBatches(req)) n++;
  return n;
}

async function rejects(p: Promise<unknown>, code: status, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (err: ServiceError) => {
    assert.equal(err.code, code, `expected ${status[code]}, got ${status[err.code]}: ${err.details}`);
    assert.match(err.details, pattern);
    return true;
  });
}

async function healthOf(port: number, name: string): Promise<unknown> {
  const Health = makeClientConstructor(healthService, "grpc.health.v1.Health");
  const c = new Health(`127.0.0.1:${port}`, credentials.createInsecure());
  try {
    return await new Promise((resolve, reject) => {
      (c as unknown as { check(r: object, cb: (e: Error | null, r: { status: unknown }) => void): void }).check({ service: name }, (e, r) => (e ? reject(e) : resolve(r.status)));
    });
  } finally {
    c.close();
  }
}

test("bad requests are refused with the mapped status, and the server stays healthy", async (t) => {
  const h = await startHarness(t, { augmentWorkers: 1 });
  const ok = { dataset: "synth", batchSize: 4, epochs: 1 };
  await rejects(drain(h.client, { ...ok, dataset: "nope" }), status.NOT_FOUND, /dataset "nope" not found; served: synth/);
  await rejects(drain(h.client, { ...ok, split: "test" }), status.NOT_FOUND, /split "test" not found/);
  await rejects(drain(h.client, { ...ok, batchSize: 0 }), status.INVALID_ARGUMENT, /batch_size must be at least 1/);
  await rejects(drain(h.client, { ...ok, batchSize: 4_000_000 }), status.RESOURCE_EXHAUSTED, /over this server's limit.*at most \d+/);
  await rejects(
    drain(h.client, { ...ok, augmentation: { preset: "", ops: [{ op: { $case: "horizontalFlip", value: { p: 2 } } }] } }),
    status.INVALID_ARGUMENT,
    /invalid augmentation policy/,
  );
  await rejects(drain(h.client, { ...ok, augmentation: { preset: "no-such-preset", ops: [] } }), status.INVALID_ARGUMENT, /no-such-preset/);
  await rejects(drain(h.client, { ...ok, start: { epoch: 0, offset: 4, fingerprint: 12345 } }), status.INVALID_ARGUMENT, /cursor does not belong/);
  await rejects(drain(h.client, { ...ok, shard: { rank: 2, world: 2, remainder: 0 } }), status.INVALID_ARGUMENT, /rank 2 must be below/);
  await rejects(drain(h.client, { ...ok, pool: 3 }), status.INVALID_ARGUMENT, /pool 3 does not divide/);
  await rejects(h.client.getDatasetInfo("nope"), status.NOT_FOUND, /dataset "nope" not found/);
  // A real cursor, moved past the end of the epoch, is OUT_OF_RANGE.
  let cursor = { epoch: 0, offset: 0, fingerprint: 0 };
  for await (const b of h.client.streamBatches(ok)) cursor = b.cursor;
  await rejects(drain(h.client, { ...ok, start: { ...cursor, epoch: 0, offset: 400 } }), status.OUT_OF_RANGE, /past the end/);
  assert.equal(await drain(h.client, { ...ok, start: cursor }), 0, "the final cursor of a finished stream resumes to nothing");
  for (const name of ["", "loff.v1.FeatureService", "loff.v1.FeatureService/synth"]) assert.equal(await healthOf(h.server.port, name), "SERVING");
  assert.equal(await drain(h.client, ok), 10, "the server still streams");
  const info = await h.client.getDatasetInfo("synth");
  assert.deepEqual(info.splits.map((s) => [s.name, s.samples]), [["train", 40], ["val", 8]]);
  assert.ok(info.presets.some((p) => p.name === "loff-ta" && p.policy !== undefined && p.policy.ops.length > 0), "presets are expanded");
  assert.deepEqual((await h.client.listDatasets()).map((d) => [d.name, d.samples, d.channels]), [["synth", 48, 8]]);
});

test("bearer tokens: missing or wrong is UNAUTHENTICATED, the right one streams; health needs none", async (t) => {
  const h = await startHarness(t, { server: { authToken: "s3cret" } });
  const req = { dataset: "synth", batchSize: 8, epochs: 1 };
  await rejects(drain(h.client, req), status.UNAUTHENTICATED, /missing bearer token/);
  await rejects(drain(h.newClient({ token: "wrong" }), req), status.UNAUTHENTICATED, /invalid bearer token/);
  await rejects(h.newClient({ token: "wrong" }).listDatasets(), status.UNAUTHENTICATED, /invalid bearer token/);
  assert.equal(await drain(h.newClient({ token: "s3cret" }), req), 5);
  assert.equal(await healthOf(h.server.port, ""), "SERVING");
});

test("streams over the limit get RESOURCE_EXHAUSTED; a closed stream frees its place", async (t) => {
  const h = await startHarness(t, { server: { maxStreams: 1 } });
  const ac = new AbortController();
  const first = h.client.streamBatches({ dataset: "synth", batchSize: 2, epochs: 0 }, { signal: ac.signal });
  assert.equal((await first.next()).done, false);
  await rejects(drain(h.newClient(), { dataset: "synth", batchSize: 2, epochs: 1 }), status.RESOURCE_EXHAUSTED, /at most 1 concurrent streams/);
  await first.return();
  // The server learns of the cancellation asynchronously; a retried request gets through once it has.
  const c = h.newClient({ maxRetries: 0 });
  for (;;) {
    try {
      assert.equal(await drain(c, { dataset: "synth", batchSize: 2, epochs: 1 }), 20);
      break;
    } catch (err) {
      assert.equal((err as ServiceError).code, status.RESOURCE_EXHAUSTED);
      await new Promise((r) => setImmediate(r));
    }
  }
  assert.equal(h.server.stats().openedStreams, 2, "the refused stream was never admitted");
});
