import assert from "node:assert/strict";
import { test } from "node:test";
import { float16ToFloat32, float32ToFloat16, fromFloat16, toFloat16 } from "../../src/contract/float16.js";

test("fp16 known values encode and decode exactly", () => {
  const cases: Array<[number, number]> = [
    [0, 0x0000],
    [1, 0x3c00],
    [-2, 0xc000],
    [65504, 0x7bff],
    [2 ** -24, 0x0001],
    [0.333251953125, 0x3555],
    [Infinity, 0x7c00],
  ];
  for (const [v, h] of cases) {
    assert.equal(toFloat16(v), h, `encode ${v}`);
    assert.equal(fromFloat16(h), v, `decode ${h.toString(16)}`);
  }
  assert.ok(Number.isNaN(fromFloat16(0x7e00)));
  assert.equal(toFloat16(70000), 0x7c00, "overflow saturates to infinity");
});

test("fp16 round-trips every finite bit pattern and rounds ties to even", () => {
  for (let h = 0; h < 65536; h++) {
    const v = fromFloat16(h);
    if (!Number.isFinite(v)) continue;
    const back = toFloat16(v);
    assert.ok(back === h || (v === 0 && (back & 0x7fff) === 0), `pattern ${h.toString(16)}`);
  }
  // 1 + 2^-11 is halfway between 1 and the next fp16 (1 + 2^-10): ties to even -> 1.
  assert.equal(toFloat16(1 + 2 ** -11), 0x3c00);
  assert.equal(toFloat16(1 + 3 * 2 ** -11), 0x3c02);
});

test("array conversions agree with scalar ones", () => {
  const src = [0.1, -3.5, 1e-6, 1234.5];
  const h = float32ToFloat16(src);
  const back = float16ToFloat32(h);
  src.forEach((v, i) => assert.equal(back[i], fromFloat16(toFloat16(v))));
});
