// For random batches, the pass-through serializer's bytes equal StreamBatchesResponse.encode.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { StreamBatchesResponse } from "../../src/gen/loff/v1/feature_service.js";
import { DataType } from "../../src/gen/loff/v1/tensor.js";
import { maxTailBytes } from "../../src/server/batch-encoder.js";
import { createMessageSlot } from "../../src/server/message-slot.js";

test("encoded batches are byte-identical to ts-proto's", () => {
  const batch = fc.record({
    fp16: fc.boolean(),
    b: fc.integer({ min: 1, max: 6 }),
    n: fc.integer({ min: 1, max: 40 }),
    c: fc.integer({ min: 1, max: 9 }),
    cls: fc.boolean(),
    grid: fc.boolean(),
    label: fc.integer({ min: -5, max: 100000 }),
    id: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
    epoch: fc.nat({ max: 2 ** 32 - 1 }),
    offset: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
    fingerprint: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
    batchIndex: fc.nat({ max: 2 ** 32 - 1 }),
  });
  fc.assert(
    fc.property(batch, (x) => {
      const dtype = x.fp16 ? DataType.DATA_TYPE_FLOAT16 : DataType.DATA_TYPE_FLOAT32;
      const es = x.fp16 ? 2 : 4;
      const shape = x.grid ? [x.b, x.n, 1, x.c] : [x.b, x.n, x.c];
      const data = Buffer.alloc(x.b * x.n * x.c * es, 7);
      const clsData = Buffer.alloc(x.b * x.c * es, 9);
      const labels = Array.from({ length: x.b }, (_, i) => x.label + i);
      const ids = Array.from({ length: x.b }, (_, i) => Math.max(0, x.id - i));
      const cursor = { epoch: x.epoch, offset: x.offset, fingerprint: x.fingerprint };
      const slot = createMessageSlot(data.length, maxTailBytes(x.b, clsData.length));
      slot.begin({ dtype, shape }, data.length);
      const v = x.fp16 ? slot.tokensU16() : slot.tokensF32();
      Buffer.from(v.buffer, v.byteOffset, v.byteLength).set(data);
      const ours = slot.finish({ ...(x.cls ? { cls: { head: { dtype, shape: [x.b, x.c] }, data: clsData } } : {}), labels, ids, cursor, epoch: x.epoch, batchIndex: x.batchIndex });
      const theirs = StreamBatchesResponse.encode({
        tokens: { dtype, shape, data },
        cls: x.cls ? { dtype, shape: [x.b, x.c], data: clsData } : undefined,
        labels,
        sampleIds: ids,
        cursor,
        epoch: x.epoch,
        batchIndex: x.batchIndex,
      }).finish();
      assert.deepEqual(Buffer.from(ours), Buffer.from(theirs));
    }),
  );
});
