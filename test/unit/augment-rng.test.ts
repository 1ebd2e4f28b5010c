// Philox4x32-10 against Random123's known-answer vectors, and the documented test vectors of
// docs/augmentation.md (seed, epoch, id, op -> first words and uniforms).
import assert from "node:assert/strict";
import { test } from "node:test";
import { fillWords, philox4x32, seedKey, uniform } from "../../src/augment/rng.js";
import { fillNoiseTable } from "../../src/augment/noise-table.js";

const hex = (w: Uint32Array): string => [...w].map((x) => x.toString(16).padStart(8, "0")).join(" ");

test("philox4x32-10 matches the Random123 known-answer vectors", () => {
  const o = new Uint32Array(4);
  philox4x32(0, 0, 0, 0, 0, 0, o);
  assert.equal(hex(o), "6627e8d5 e169c58d bc57ac4c 9b00dbd8");
  const f = 0xffffffff;
  philox4x32(f, f, f, f, f, f, o);
  assert.equal(hex(o), "408f276d 41c83b0e a20bc7c6 6d5451fd");
  philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, o);
  assert.equal(hex(o), "d16cfe09 94fdcceb 5001e420 24126ea1");
});

test("documented test vectors: (seed, epoch, id, op) -> words and uniforms", () => {
  const table: Array<[number, number, number, number, string, number]> = [
    [0, 0, 0, 0, "6627e8d5 e169c58d bc57ac4c 9b00dbd8", 0.3990464708],
    [42, 0, 0, 0, "9ceaf053 77f5493b 12bf50ad 5742b3d7", 0.6129598812],
    [42, 1, 0, 0, "20439b04 9807e022 5419fa3f c8fa5a2d", 0.1260315786],
    [42, 0, 1, 0, "02933769 2051e913 3b68b038 b62c409c", 0.0100588448],
    [42, 0, 0, 1, "42e0b8b3 7dbf5de8 2fe739d4 6aaf03eb", 0.2612414778],
    [2 ** 53 - 1, 7, 123456, 2, "29bd3830 895ce4d1 294e91bc 0f246367", 0.1630435103],
    [1234567890123, 3, 99, 1, "e8057204 c5601684 3410507c 480f7dcc", 0.9063330899],
  ];
  const w = new Uint32Array(4);
  for (const [seed, epoch, id, op, words, u0] of table) {
    fillWords(w, 4, seedKey(seed), epoch, id, op);
    assert.equal(hex(w), words, `seed ${seed} epoch ${epoch} id ${id} op ${op}`);
    assert.ok(Math.abs(uniform(w[0] as number) - u0) < 1e-10);
  }
});

test("seed key splits into low and high 32-bit words; invalid seeds are rejected", () => {
  assert.deepEqual(seedKey(2 ** 32 + 5), [5, 1]);
  assert.deepEqual(seedKey(2 ** 53 - 1), [0xffffffff, 0x1fffff]);
  assert.throws(() => seedKey(-1), RangeError);
  assert.throws(() => seedKey(1.5), RangeError);
});

test("uniforms lie strictly inside (0, 1)", () => {
  assert.equal(uniform(0), 0.5 / 2 ** 32);
  assert.ok(uniform(0xffffffff) < 1);
});

test("noise table is standard normal and a prefix-stable sequence", () => {
  const a = new Float32Array(65536 + 768);
  fillNoiseTable(a);
  const b = new Float32Array(1001);
  fillNoiseTable(b);
  assert.deepEqual(b, a.subarray(0, 1001));
  let s = 0;
  let s2 = 0;
  for (const v of a) {
    s += v;
    s2 += v * v;
  }
  const mean = s / a.length;
  assert.ok(Math.abs(mean) < 0.02, `mean ${mean}`);
  assert.ok(Math.abs(Math.sqrt(s2 / a.length - mean * mean) - 1) < 0.02);
});
