import assert from "node:assert/strict";
import { test } from "node:test";
import { avgPoolFloat16, avgPoolFloat32 } from "../../src/augment/pool.js";
import { float16ToFloat32, float32ToFloat16 } from "../../src/contract/float16.js";

// A [1,4,4,2] grid: channel 0 holds 0..15 row-major, channel 1 holds 100 + 10 * that.
const grid = new Float32Array(32);
for (let p = 0; p < 16; p++) {
  grid[p * 2] = p;
  grid[p * 2 + 1] = 100 + 10 * p;
}
// Hand-computed 2x2 means: top-left window {0,1,4,5} = 2.5, top-right {2,3,6,7} = 4.5,
// bottom-left {8,9,12,13} = 10.5, bottom-right {10,11,14,15} = 12.5.
const expected = [2.5, 125, 4.5, 145, 10.5, 205, 12.5, 225];

test("avgPoolFloat32 2x2 equals the hand-computed means", () => {
  assert.deepEqual(Array.from(avgPoolFloat32(grid, [1, 4, 4, 2], 2)), expected);
});

test("avgPoolFloat32 keeps batches apart and k=1 is the identity", () => {
  const two = new Float32Array(64);
  two.set(grid, 0);
  two.set(
    grid.map((v) => -v),
    32,
  );
  const out = avgPoolFloat32(two, [2, 4, 4, 2], 2);
  assert.deepEqual(Array.from(out), [...expected, ...expected.map((v) => -v)]);
  assert.deepEqual(avgPoolFloat32(grid, [1, 4, 4, 2], 1), grid);
  assert.deepEqual(Array.from(avgPoolFloat32(grid, [1, 4, 4, 2], 4)), [7.5, 175]);
});

test("avgPoolFloat16 pools fp16 into fp16 or fp32", () => {
  const half = float32ToFloat16(grid);
  assert.deepEqual(Array.from(float16ToFloat32(avgPoolFloat16(half, [1, 4, 4, 2], 2))), expected);
  const f32 = avgPoolFloat16(half, [1, 4, 4, 2], 2, new Float32Array(8));
  assert.ok(f32 instanceof Float32Array);
  assert.deepEqual(Array.from(f32), expected);
  // The mean is rounded once: 2049 is not representable in fp16 (spacing 2 above 2048), and the
  // mean of {2048, 2050, 2048, 2050} = 2049 rounds to even 2048, not to an accumulated error.
  const ties = float32ToFloat16([2048, 2050, 2048, 2050]);
  assert.deepEqual(Array.from(float16ToFloat32(avgPoolFloat16(ties, [1, 2, 2, 1], 2))), [2048]);
});

test("pooling rejects grids not divisible by k and wrong buffer sizes", () => {
  assert.throws(() => avgPoolFloat32(new Float32Array(2 * 3 * 4 * 5), [2, 3, 4, 5], 2), {
    name: "RangeError",
    message: /\[2,3,4,5\].*3x4 is not divisible by 2/,
  });
  assert.throws(() => avgPoolFloat32(grid, [1, 4, 4, 2], 0), RangeError);
  assert.throws(() => avgPoolFloat32(grid, [1, 4, 4, 3], 2), /source holds 32 values/);
  assert.throws(
    () => avgPoolFloat16(new Uint16Array(32), [1, 4, 4, 2], 2, new Uint16Array(7)),
    /output holds 7/,
  );
});
