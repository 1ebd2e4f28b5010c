import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { decodeRecord, encodeRecord, recordBytes } from "../../src/cache/index.js";
import { SPLITS } from "../../src/cache/manifest.js";
import { verifyRecord } from "../../src/cache/record.js";

const recordArb = fc
  .record({ h: fc.integer({ min: 1, max: 6 }), w: fc.integer({ min: 1, max: 6 }), c: fc.integer({ min: 1, max: 9 }) })
  .chain(({ h, w, c }) =>
    fc.record({
      gridHeight: fc.constant(h),
      gridWidth: fc.constant(w),
      channels: fc.constant(c),
      label: fc.integer({ min: 0, max: 0x7fffffff }),
      split: fc.constantFrom(...SPLITS),
      tokens: fc.uint16Array({ minLength: h * w * c, maxLength: h * w * c }),
      cls: fc.uint16Array({ minLength: c, maxLength: c }),
    }),
  );

test("record codec round-trips every field", () => {
  fc.assert(
    fc.property(recordArb, (r) => {
      const buf = encodeRecord(r);
      assert.equal(buf.length, recordBytes(r.gridHeight, r.gridWidth, r.channels));
      const d = decodeRecord(buf, true);
      assert.equal(d.label, r.label);
      assert.equal(d.split, r.split);
      assert.deepEqual([d.gridHeight, d.gridWidth, d.channels], [r.gridHeight, r.gridWidth, r.channels]);
      assert.deepEqual(Array.from(d.tokens), Array.from(r.tokens));
      assert.deepEqual(Array.from(d.cls), Array.from(r.cls));
    }),
  );
});

test("any flipped payload bit fails the checksum", () => {
  fc.assert(
    fc.property(recordArb, fc.nat(), fc.integer({ min: 0, max: 7 }), (r, at, bit) => {
      const buf = encodeRecord(r);
      const pos = 32 + (at % (buf.length - 32));
      buf[pos] = (buf[pos] as number) ^ (1 << bit);
      assert.equal(verifyRecord(buf), false);
      assert.throws(() => decodeRecord(buf, true), /checksum/);
    }),
  );
});

test("a truncated or foreign buffer is rejected with a reason", () => {
  const r = { gridHeight: 1, gridWidth: 1, channels: 2, label: 1, split: "train" as const, tokens: new Uint16Array(2), cls: new Uint16Array(2) };
  const buf = encodeRecord(r);
  assert.throws(() => decodeRecord(buf.subarray(0, buf.length - 2)), /bytes/);
  const foreign = Buffer.from(buf);
  foreign.writeUInt32LE(0xdeadbeef, 0);
  assert.throws(() => decodeRecord(foreign), /magic/);
});
