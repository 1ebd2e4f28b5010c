// grpc.health.v1: Check for the whole server and each dataset, and Watch following a drain.
import assert from "node:assert/strict";
import { test } from "node:test";
import { credentials, makeClientConstructor, status, type Client, type ClientReadableStream, type ServiceError } from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";
import { datasetHealthName } from "../../src/server/index.js";
import { startHarness } from "../helpers/server-harness.js";

interface HealthClient extends Client {
  check(r: { service: string }, cb: (e: ServiceError | null, r: { status: string | number }) => void): void;
  watch(r: { service: string }): ClientReadableStream<{ status: string | number }>;
}

const Health = makeClientConstructor(healthService, "grpc.health.v1.Health") as unknown as new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => HealthClient;

test("health Check answers for the server and each dataset; Watch reports NOT_SERVING when the server drains", async (t) => {
  const h = await startHarness(t, { caches: { a: { splits: { train: 4 } }, b: { splits: { train: 4 } } } });
  const c = new Health(`127.0.0.1:${h.server.port}`, credentials.createInsecure());
  t.after(() => c.close());
  const check = (service: string): Promise<string | number> =>
    new Promise((resolve, reject) => c.check({ service }, (e, r) => (e ? reject(e) : resolve(r.status))));
  for (const name of ["", "loff.v1.FeatureService", datasetHealthName("a"), datasetHealthName("b")]) {
    assert.ok(["SERVING", 1].includes(await check(name)), `Check("${name}")`);
  }
  await assert.rejects(check(datasetHealthName("nope")), (e: ServiceError) => e.code === status.NOT_FOUND);

  const seen: Array<string | number> = [];
  const watch = c.watch({ service: datasetHealthName("a") });
  const first = new Promise<void>((resolve) => watch.once("data", () => resolve()));
  const notServing = new Promise<void>((resolve) =>
    watch.on("data", (m: { status: string | number }) => {
      seen.push(m.status);
      if (m.status === "NOT_SERVING" || m.status === 2) resolve();
    }),
  );
  watch.on("error", () => {}); // the stream ends when the server closes
  await first;
  await h.server.close();
  await notServing;
  assert.ok(["SERVING", 1].includes(seen[0] as string | number), `first status ${String(seen[0])}`);
  assert.ok(seen.some((s) => s === "NOT_SERVING" || s === 2));
  watch.cancel();
});
