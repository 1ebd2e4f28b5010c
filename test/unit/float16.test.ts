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

test("the fast Float32Array encoder agrees with the scalar one on every exponent and rounding case", () => {
  const bits = new Uint32Array(1 << 16);
  const floats = new Float32Array(bits.buffer);
  // Sweep all exponents with mantissas around the rounding boundaries, both signs.
  const mantissas = [0, 1, 0x0fff, 0x1000, 0x1001, 0x1fff, 0x2000, 0x3000, 0x7fe000, 0x7ff000, 0x7fffff];
  let n = 0;
  for (let e = 0; e < 256; e++) for (const m of mantissas) for (const s of [0, 0x80000000]) bits[n++] = (s | (e << 23) | m) >>> 0;
  const src = floats.subarray(0, n);
  const fast = float32ToFloat16(src);
  for (let i = 0; i < n; i++) {
    const want = toFloat16(src[i] as number);
    if (Number.isNaN(src[i])) assert.equal(fast[i]! & 0x7c00, 0x7c00);
    else assert.equal(fast[i], want, `bits ${bits[i]!.toString(16)}`);
  }
});
