// For random batches, decodeBatch returns what was encoded, with tensor data as views of the message
// when aligned (no copy of the payload) and aligned copies otherwise.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { decodeBatch } from "../../src/client/feature-batch.js";
import { StreamBatchesResponse } from "../../src/gen/loff/v1/feature_service.js";
import { DataType } from "../../src/gen/loff/v1/tensor.js";

test("decodeBatch returns the encoded batch, payloads as views of the message", () => {
  const batch = fc.record({
    fp16: fc.boolean(),
    b: fc.integer({ min: 1, max: 6 }),
    n: fc.integer({ min: 1, max: 40 }),
    c: fc.integer({ min: 1, max: 9 }),
    cls: fc.boolean(),
    labels: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: 1, maxLength: 6 }),
    ids: fc.array(fc.nat({ max: Number.MAX_SAFE_INTEGER }), { minLength: 1, maxLength: 6 }),
    epoch: fc.nat({ max: 2 ** 32 - 1 }),
    offset: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
    fingerprint: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
    batchIndex: fc.nat({ max: 2 ** 32 - 1 }),
    seed: fc.nat({ max: 255 }),
  });
  fc.assert(
    fc.property(batch, (x) => {
      const dtype = x.fp16 ? DataType.DATA_TYPE_FLOAT16 : DataType.DATA_TYPE_FLOAT32;
      const es = x.fp16 ? 2 : 4;
      const data = Buffer.from(Array.from({ length: x.b * x.n * x.c * es }, (_, i) => (i * 31 + x.seed) & 255));
      const clsData = Buffer.from(Array.from({ length: x.b * x.c * es }, (_, i) => (i * 17 + x.seed) & 255));
      const message = Buffer.from(
        StreamBatchesResponse.encode({
          tokens: { dtype, shape: [x.b, x.n, x.c], data },
          cls: x.cls ? { dtype, shape: [x.b, x.c], data: clsData } : undefined,
          labels: x.labels,
          sampleIds: x.ids,
          cursor: { epoch: x.epoch, offset: x.offset, fingerprint: x.fingerprint },
          epoch: x.epoch,
          batchIndex: x.batchIndex,
        }).finish(),
      );
      const ours = decodeBatch(message);
      const bytes = (a: Uint16Array | Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      assert.ok(bytes(ours.tokens).equals(data));
      assert.equal(ours.tokens instanceof Uint16Array, x.fp16);
      assert.deepEqual(ours.shape, [x.b, x.n, x.c]);
      assert.equal(ours.cls === undefined, !x.cls);
      if (ours.cls !== undefined) assert.ok(bytes(ours.cls).equals(clsData));
      assert.deepEqual(Array.from(ours.labels), x.labels);
      assert.deepEqual(ours.ids, x.ids);
      assert.deepEqual(ours.cursor, { epoch: x.epoch, offset: x.offset, fingerprint: x.fingerprint });
      assert.deepEqual([ours.epoch, ours.batchIndex, ours.messageBytes], [x.epoch, x.batchIndex, message.length]);
      // Aligned payloads are views of the message, misaligned ones aligned copies.
      const at = message.byteOffset + message.indexOf(data);
      if (at % es === 0) assert.equal(ours.tokens.buffer, message.buffer, "aligned tokens are a view");
      else assert.equal(ours.tokens.byteOffset % es, 0);
    }),
  );
});
