// The pass-through serializer writes exactly ts-proto's bytes for the same batch.
import assert from "node:assert/strict";
import { test } from "node:test";
import { StreamBatchesResponse } from "../../src/gen/loff/v1/feature_service.js";
import { DataType } from "../../src/gen/loff/v1/tensor.js";
import { maxTailBytes, type BatchTail } from "../../src/server/batch-encoder.js";
import { createMessageSlot } from "../../src/server/message-slot.js";

interface Case {
  dtype: DataType;
  shape: number[];
  cls: boolean;
  labels: number[];
  ids: number[];
  cursor: { epoch: number; offset: number; fingerprint: number };
  epoch: number;
  batchIndex: number;
}

function check(c: Case): void {
  const b = c.shape[0] as number;
  const n = c.shape.reduce((a, d) => a * d, 1);
  const esize = c.dtype === DataType.DATA_TYPE_FLOAT16 ? 2 : 4;
  const channels = c.shape.at(-1) as number;
  const data = Buffer.alloc(n * esize);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + 11) & 255;
  const clsData = Buffer.alloc(b * channels * esize, 0x5a);
  const slot = createMessageSlot(data.length, maxTailBytes(b, clsData.length));
  slot.begin({ dtype: c.dtype, shape: c.shape }, data.length);
  const view = c.dtype === DataType.DATA_TYPE_FLOAT16 ? slot.tokensU16() : slot.tokensF32();
  Buffer.from(view.buffer, view.byteOffset, view.byteLength).set(data);
  const tail: BatchTail = { labels: c.labels, ids: c.ids, cursor: c.cursor, epoch: c.epoch, batchIndex: c.batchIndex };
  if (c.cls) tail.cls = { head: { dtype: c.dtype, shape: [b, channels] }, data: clsData };
  const ours = slot.finish(tail);
  const theirs = StreamBatchesResponse.encode({
    tokens: { dtype: c.dtype, shape: c.shape, data },
    cls: c.cls ? { dtype: c.dtype, shape: [b, channels], data: clsData } : undefined,
    labels: c.labels,
    sampleIds: c.ids,
    cursor: c.cursor,
    epoch: c.epoch,
    batchIndex: c.batchIndex,
  }).finish();
  assert.deepEqual(Buffer.from(ours), Buffer.from(theirs));
}

test("fp16 tokens with CLS, first batch of epoch 0 (zero fields omitted)", () => {
  check({ dtype: DataType.DATA_TYPE_FLOAT16, shape: [2, 16, 8], cls: true, labels: [0, 3], ids: [0, 7], cursor: { epoch: 0, offset: 2, fingerprint: 12345 }, epoch: 0, batchIndex: 0 });
});

test("fp32 grid layout without CLS, large ids and fingerprint near 2^53", () => {
  check({
    dtype: DataType.DATA_TYPE_FLOAT32,
    shape: [3, 4, 4, 5],
    cls: false,
    labels: [1, 0, 200],
    ids: [2 ** 40 + 3, 2 ** 32, 127],
    cursor: { epoch: 7, offset: 0, fingerprint: 2 ** 53 - 1 },
    epoch: 6,
    batchIndex: 300,
  });
});

test("a negative label (int32 sign extension) and an all-zero cursor", () => {
  check({ dtype: DataType.DATA_TYPE_FLOAT16, shape: [1, 1, 1], cls: true, labels: [-1], ids: [0], cursor: { epoch: 0, offset: 0, fingerprint: 0 }, epoch: 0, batchIndex: 0 });
});

test("payloads of 100 KiB and more need multi-byte length varints", () => {
  check({ dtype: DataType.DATA_TYPE_FLOAT16, shape: [4, 256, 64], cls: true, labels: [1, 2, 3, 4], ids: [9, 8, 7, 6], cursor: { epoch: 1, offset: 4, fingerprint: 99 }, epoch: 1, batchIndex: 1 });
});

test("the payload view is aligned for fp32 whatever the header length", () => {
  const slot = createMessageSlot(4 * 1000, 256);
  for (const shape of [[1, 1, 1], [250, 2, 2], [1, 1000, 1]]) {
    slot.begin({ dtype: DataType.DATA_TYPE_FLOAT32, shape }, shape.reduce((a, d) => a * d, 1) * 4);
    assert.equal(slot.tokensF32().byteOffset % 4, 0);
  }
});
