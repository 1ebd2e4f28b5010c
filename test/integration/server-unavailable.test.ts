// A folder of caches where some cannot be served (a damaged file, an unfinished extraction): the server
// serves the others and answers FAILED_PRECONDITION with the reason for those.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { status, type ServiceError } from "@grpc/grpc-js";
import { openCacheWriter } from "../../src/cache/index.js";
import { createFeatureClient } from "../../src/client/index.js";
import { createFeatureServer } from "../../src/server/index.js";
import { testLogger } from "../helpers/server-harness.js";
import { createSyntheticCache } from "../helpers/synthetic-cache.js";
import { tempDir } from "../helpers/temp-dir.js";
import { runCliInProcess } from "../helpers/run-cli.js";

test("damaged and unfinished caches are left out with a reason; the rest is served", async (t) => {
  const root = tempDir(t);
  const { manifest } = await createSyntheticCache(root, "good", { splits: { train: 8 } });
  mkdirSync(join(root, "damaged"));
  writeFileSync(join(root, "damaged", "data.mdb"), "this is not an LMDB file, though it is long enough to be read as one".repeat(4));
  const w = await openCacheWriter(join(root, "unfinished"), manifest, { overwrite: false });
  await w.close();

  const server = await createFeatureServer({ cacheDir: root, address: "127.0.0.1:0", log: testLogger() });
  t.after(() => server.close());
  assert.deepEqual(server.datasets, ["good"]);
  const client = createFeatureClient({ address: `127.0.0.1:${server.port}`, maxRetries: 0 });
  t.after(() => client.close());
  assert.deepEqual((await client.listDatasets()).map((d) => d.name), ["good"]);
  for (const [name, reason] of [["damaged", /not an LMDB file/], ["unfinished", /incomplete/]] as const) {
    await assert.rejects(client.getDatasetInfo(name), (e: ServiceError) => e.code === status.FAILED_PRECONDITION && reason.test(e.details));
    await assert.rejects(
      (async () => {
        for await (const _ of client.streamBatches({ dataset: name, batchSize: 2 })) void _;
      })(),
      (e: ServiceError) => e.code === status.FAILED_PRECONDITION && reason.test(e.details),
    );
  }
  let n = 0;
  for await (const b of client.streamBatches({ dataset: "good", batchSize: 4, epochs: 1 })) n += b.ids.length;
  assert.equal(n, 8);

  // The CLI reports the damaged file in one line instead of crashing in the native binding.
  const r = await runCliInProcess(["inspect", join(root, "damaged")]);
  assert.equal(r.code, 1);
  assert.match(r.stderr.trim(), /^loff: .*not an LMDB file/);
});
