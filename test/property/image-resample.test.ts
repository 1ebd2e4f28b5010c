import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { axisFilter, resampleNormalised } from "../../src/extract/image/resample.js";
import type { PreprocessSpec } from "../../src/extract/image/index.js";
import type { RasterImage } from "../../src/extract/image/raster.js";

/** Mean 0, std 1/255: outputs are the resampled byte values themselves. */
function spec(h: number, w: number, layout: "nchw" | "nhwc" = "nhwc"): PreprocessSpec {
  return { inputHeight: h, inputWidth: w, resize: "resize", pixelMean: [0, 0, 0], pixelStd: [1 / 255, 1 / 255, 1 / 255], inputLayout: layout };
}

function grey(width: number, height: number, values: number[]): RasterImage {
  return { width, height, channels: 1, data: Uint8Array.from(values) };
}

test("filter taps stay inside the source, weights are non-negative and sum to 1", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 50 }), (inSize, outSize, cropped) => {
      // A centre crop of up to `cropped` outputs (never all of them).
      const cut = Math.min(cropped, outSize - 1);
      const offset = Math.floor(cut / 2);
      const length = outSize - cut;
      const f = axisFilter(inSize, outSize, offset, length);
      for (let i = 0; i < length; i++) {
        const s = f.start[i] as number;
        const n = f.count[i] as number;
        assert.ok(n >= 1 && n <= f.taps && s >= 0 && s + n <= inSize, `output ${i}: taps ${s}..${s + n} of ${inSize}`);
        let sum = 0;
        for (let t = 0; t < n; t++) {
          const w = f.weights[i * f.taps + t] as number;
          assert.ok(w >= 0);
          sum += w;
        }
        assert.ok(Math.abs(sum - 1) < 1e-5, `output ${i}: weights sum to ${sum}`);
      }
    }),
  );
});

test("a constant image stays constant at any size, crop and layout", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 24 }),
      fc.integer({ min: 0, max: 255 }), fc.constantFrom("nchw" as const, "nhwc" as const),
      (sw, sh, h, w, v, layout) => {
        const img = grey(sw, sh, new Array<number>(sw * sh).fill(v));
        const out = new Float32Array(3 * h * w);
        resampleNormalised(img, { width: w + 3, height: h + 2, left: 1, top: 1 }, spec(h, w, layout), out, 0);
        for (const x of out) assert.ok(Math.abs(x - v) < 1e-3, `${x} vs ${v}`);
      },
    ),
  );
});

test("same size is the identity; upscaling is half-pixel bilinear; shrinking averages with a widened triangle", () => {
  const out4 = new Float32Array(12);
  resampleNormalised(grey(2, 1, [0, 255]), { width: 4, height: 1, left: 0, top: 0 }, spec(1, 4), out4, 0);
  // Pixel centres at +0.5: output centres map to 0.25, 0.75, 1.25, 1.75 (edges clamp).
  assert.deepEqual(Array.from(out4.filter((_, i) => i % 3 === 0), (x) => Math.round(x * 100) / 100), [0, 63.75, 191.25, 255]);

  const same = new Float32Array(9);
  resampleNormalised(grey(3, 1, [7, 200, 31]), { width: 3, height: 1, left: 0, top: 0 }, spec(1, 3), same, 0);
  assert.deepEqual(Array.from(same.filter((_, i) => i % 3 === 1)), [7, 200, 31]);

  // 4 -> 2: output 0 has centre 1 and support 2: weights .75, .75, .25 over pixels 0..2.
  const out2 = new Float32Array(6);
  resampleNormalised(grey(4, 1, [0, 0, 255, 255]), { width: 2, height: 1, left: 0, top: 0 }, spec(1, 2), out2, 0);
  assert.ok(Math.abs((out2[0] as number) - (0.25 * 255) / 1.75) < 1e-3, String(out2[0]));
  assert.ok(Math.abs((out2[3] as number) - (255 - (0.25 * 255) / 1.75)) < 1e-3, String(out2[3]));
});

test("alpha is flattened onto white before filtering, channels go to the right planes", () => {
  // Two RGBA pixels: opaque red, half-transparent blue; 1:1 so no filtering mixes them.
  const img: RasterImage = { width: 2, height: 1, channels: 4, data: Uint8Array.from([255, 0, 0, 255, 0, 0, 255, 128]) };
  const nchw = new Float32Array(6);
  resampleNormalised(img, { width: 2, height: 1, left: 0, top: 0 }, spec(1, 2, "nchw"), nchw, 0);
  const a = 128 / 255;
  const white = 255 * (1 - a);
  const expected = [255, white, 0, white, 0, 255 * a + white]; // R plane, G plane, B plane
  nchw.forEach((x, i) => assert.ok(Math.abs(x - (expected[i] as number)) < 1e-3, `${i}: ${x} vs ${expected[i]}`));
});

test("the crop window selects the centre of the resized image", () => {
  // A 6-wide ramp resized 1:1 and cropped to the middle 2 columns.
  const img = grey(6, 1, [0, 10, 20, 30, 40, 50]);
  const out = new Float32Array(6);
  resampleNormalised(img, { width: 6, height: 1, left: 2, top: 0 }, spec(1, 2), out, 0);
  assert.deepEqual(Array.from(out.filter((_, i) => i % 3 === 0)), [20, 30]);
});
