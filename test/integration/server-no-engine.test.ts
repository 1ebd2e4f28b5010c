// A server started without an augmentation engine (`--device none`): policies are validated as usual,
// the identity policy streams, anything that changes samples is FAILED_PRECONDITION.
import assert from "node:assert/strict";
import { test } from "node:test";
import { status, type ServiceError } from "@grpc/grpc-js";
import type { StreamRequest } from "../../src/client/index.js";
import { startHarness } from "../helpers/server-harness.js";

test("without an engine: preset none streams, loff-ta is refused, an invalid policy is still INVALID_ARGUMENT", async (t) => {
  const h = await startHarness(t, { client: { maxRetries: 0 } });
  const drain = async (req: StreamRequest): Promise<number> => {
    let n = 0;
    for await (const b of h.client.streamBatches(req)) n += b.ids.length;
    return n;
  };
  const base = { dataset: "synth", batchSize: 8, epochs: 1 };
  assert.equal(await drain({ ...base, augmentation: { preset: "none", ops: [] } }), 40);
  await assert.rejects(drain({ ...base, augmentation: { preset: "loff-ta", ops: [] } }), (e: ServiceError) => e.code === status.FAILED_PRECONDITION && /no augmentation engine/.test(e.details));
  await assert.rejects(drain({ ...base, augmentation: { preset: "no-such-preset", ops: [] } }), (e: ServiceError) => e.code === status.INVALID_ARGUMENT && /no-such-preset/.test(e.details));
});
