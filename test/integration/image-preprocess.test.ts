import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import {
  ImageDecodeError,
  type PreprocessSpec,
  preprocessImage,
  sampleSize,
} from "../../src/extract/image/index.js";
import { resampleNormalised } from "../../src/extract/image/resample.js";
import {
  writeCorruptPng,
  writeRawImage,
  writeSolidImage,
  writeSolidSvg,
  writeTextFile,
} from "../helpers/images.js";
import { tempDir } from "../helpers/temp-dir.js";

const IMAGENET: Pick<PreprocessSpec, "pixelMean" | "pixelStd"> = {
  pixelMean: [0.485, 0.456, 0.406],
  pixelStd: [0.229, 0.224, 0.225],
};

function spec(h: number, w: number, over: Partial<PreprocessSpec> = {}): PreprocessSpec {
  return { inputHeight: h, inputWidth: w, resize: "resize-crop", inputLayout: "nchw", ...IMAGENET, ...over };
}

/** The exact float32 a byte value v of channel c must become. */
function expected(v: number, c: number, s: PreprocessSpec = spec(1, 1)): number {
  return Math.fround((v / 255 - (s.pixelMean[c] as number)) / (s.pixelStd[c] as number));
}

/** Inverse of the normalisation, back to the 0..255 byte scale (for lossy formats). */
function toByte(x: number, c: number, s: PreprocessSpec): number {
  return (x * (s.pixelStd[c] as number) + (s.pixelMean[c] as number)) * 255;
}

/** Channel c of pixel (y, x) of sample `index`. */
function at(out: Float32Array, s: PreprocessSpec, index: number, y: number, x: number, c: number): number {
  const { inputHeight: h, inputWidth: w } = s;
  const base = index * sampleSize(s);
  const v = s.inputLayout === "nchw" ? out[base + c * h * w + y * w + x] : out[base + (y * w + x) * 3 + c];
  return v as number;
}

test("every format decodes into exactly its sample slot with the right colour", async (t) => {
  const dir = tempDir(t);
  const colour = { r: 200, g: 60, b: 20 };
  const files = [
    await writeSolidImage(join(dir, "a.png"), "png", 40, 30, colour),
    await writeSolidImage(join(dir, "b.jpg"), "jpeg", 30, 40, colour),
    await writeSolidImage(join(dir, "c.webp"), "webp", 50, 50, colour),
    writeSolidSvg(join(dir, "d.svg"), 20, 10, "rgb(200,60,20)"),
  ];
  for (const layout of ["nchw", "nhwc"] as const) {
    const s = spec(8, 6, { inputLayout: layout });
    for (const file of files) {
      const out = new Float32Array(3 * sampleSize(s)).fill(Number.NaN);
      await preprocessImage(file, s, out, 1);
      const size = sampleSize(s);
      assert.ok(out.subarray(0, size).every(Number.isNaN), `${file}: sample 0 untouched`);
      assert.ok(out.subarray(2 * size).every(Number.isNaN), `${file}: sample 2 untouched`);
      for (let c = 0; c < 3; c++) {
        const want = [200, 60, 20][c] as number;
        for (const [y, x] of [
          [0, 0],
          [4, 3],
          [7, 5],
        ] as const) {
          // JPEG rounds colours slightly even at quality 100.
          assert.ok(
            Math.abs(toByte(at(out, s, 1, y, x, c), c, s) - want) <= 3,
            `${file} ${layout} (${y},${x},${c})`,
          );
        }
      }
    }
  }
});

test("a 2x2 solid image gives its normalised values (to float32 rounding), stretched or resized and cropped", async (t) => {
  const dir = tempDir(t);
  const file = await writeSolidImage(join(dir, "solid.png"), "png", 2, 2, { r: 10, g: 128, b: 250 });
  for (const s of [spec(2, 2, { resize: "resize" }), spec(5, 3), spec(4, 4, { resizeShorter: 7 })]) {
    const out = new Float32Array(sampleSize(s));
    await preprocessImage(file, s, out, 0);
    for (let y = 0; y < s.inputHeight; y++) {
      for (let x = 0; x < s.inputWidth; x++) {
        // The resampler's weights sum to 1 only up to float32 rounding: allow a few ulps.
        [10, 128, 250].forEach((v, c) =>
          assert.ok(Math.abs(at(out, s, 0, y, x, c) - expected(v, c)) < 1e-6, `${y},${x},${c}: ${at(out, s, 0, y, x, c)} vs ${expected(v, c)}`),
        );
      }
    }
  }
});

test("alpha is flattened onto white", async (t) => {
  const dir = tempDir(t);
  const clear = await writeSolidImage(join(dir, "clear.png"), "png", 4, 4, { r: 255, g: 0, b: 0, alpha: 0 });
  const half = await writeSolidImage(join(dir, "half.webp"), "webp", 4, 4, {
    r: 0,
    g: 0,
    b: 0,
    alpha: 128 / 255,
  });
  const s = spec(4, 4);
  const out = new Float32Array(2 * sampleSize(s));
  await preprocessImage(clear, s, out, 0);
  await preprocessImage(half, s, out, 1);
  for (let c = 0; c < 3; c++) {
    assert.equal(at(out, s, 0, 2, 1, c), expected(255, c), "transparent red becomes white");
    // 50% black over white: 255 * (1 - 128/255) = 127.
    assert.ok(
      Math.abs(toByte(at(out, s, 1, 2, 1, c), c, s) - 127) <= 1,
      "half-transparent black becomes grey",
    );
  }
});

test("nchw and nhwc hold the same values transposed", async (t) => {
  const dir = tempDir(t);
  const w = 7;
  const h = 5;
  const px = new Uint8Array(w * h * 3).map((_, i) => (i * 37 + 11) % 256);
  const file = await writeRawImage(join(dir, "noise.png"), "png", w, h, 3, px);
  const nchw = spec(h, w, { resize: "resize" });
  const nhwc = spec(h, w, { resize: "resize", inputLayout: "nhwc" });
  const a = new Float32Array(sampleSize(nchw));
  const b = new Float32Array(sampleSize(nhwc));
  await preprocessImage(file, nchw, a, 0);
  await preprocessImage(file, nhwc, b, 0);
  for (let p = 0; p < w * h; p++) {
    for (let c = 0; c < 3; c++) {
      assert.equal(a[c * w * h + p], b[p * 3 + c]);
      // Same size in and out: no resampling, so every value is the exact normalised byte.
      assert.equal(b[p * 3 + c], expected(px[p * 3 + c] as number, c));
    }
  }
});

test("resize-crop keeps the centre, resize stretches, EXIF orientation is applied", async (t) => {
  const dir = tempDir(t);
  // 12x4: red | green | blue thirds.
  const w = 12;
  const h = 4;
  const px = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) px[(y * w + x) * 3 + Math.floor(x / 4)] = 255;
  }
  const wide = await writeRawImage(join(dir, "wide.png"), "png", w, h, 3, px);
  const crop = spec(4, 4);
  const stretch = spec(4, 4, { resize: "resize" });
  const out = new Float32Array(sampleSize(crop));
  await preprocessImage(wide, crop, out, 0);
  for (let y = 0; y < 4; y++)
    for (let x = 1; x < 3; x++) assert.equal(at(out, crop, 0, y, x, 1), expected(255, 1));
  await preprocessImage(wide, stretch, out, 0);
  assert.ok(at(out, stretch, 0, 1, 0, 0) > 2 && at(out, stretch, 0, 1, 3, 2) > 2, "red left, blue right");

  // Stored 4 wide x 2 tall, left red / right blue, EXIF orientation 6 (display rotated 90 deg clockwise):
  // displayed 2 wide x 4 tall, red on top, blue at the bottom.
  const small = new Uint8Array(4 * 2 * 3);
  for (let y = 0; y < 2; y++) for (let x = 0; x < 4; x++) small[(y * 4 + x) * 3 + (x < 2 ? 0 : 2)] = 255;
  const rotated = await writeRawImage(join(dir, "rot.jpg"), "jpeg", 4, 2, 3, small, 6);
  const tall = spec(8, 4, { resize: "resize" });
  const t8 = new Float32Array(sampleSize(tall));
  await preprocessImage(rotated, tall, t8, 0);
  assert.ok(
    toByte(at(t8, tall, 0, 0, 2, 0), 0, tall) > 200 && toByte(at(t8, tall, 0, 0, 2, 2), 2, tall) < 60,
    "top is red",
  );
  assert.ok(
    toByte(at(t8, tall, 0, 7, 1, 2), 2, tall) > 200 && toByte(at(t8, tall, 0, 7, 1, 0), 0, tall) < 60,
    "bottom is blue",
  );
});

test("greyscale input fills all three channels", async (t) => {
  const dir = tempDir(t);
  const file = await writeRawImage(join(dir, "grey.png"), "png", 3, 3, 1, new Uint8Array(9).fill(90));
  const s = spec(3, 3, { inputLayout: "nhwc" });
  const out = new Float32Array(sampleSize(s));
  await preprocessImage(file, s, out, 0);
  for (let c = 0; c < 3; c++) assert.equal(at(out, s, 0, 1, 1, c), expected(90, c));
});

test("corrupt, non-image and missing files throw ImageDecodeError, and decoding still works after", async (t) => {
  const dir = tempDir(t);
  const bad = [
    await writeCorruptPng(join(dir, "corrupt.png")),
    writeTextFile(join(dir, "text.jpg")),
    writeTextFile(join(dir, "broken.svg"), "<svg xmlns='http://www.w3.org/2000/svg'><rect"),
    join(dir, "missing.png"),
  ];
  const s = spec(4, 4);
  const out = new Float32Array(sampleSize(s));
  for (const file of bad) {
    await assert.rejects(preprocessImage(file, s, out, 0), (err: unknown) => {
      assert.ok(err instanceof ImageDecodeError, `${file}: ${String(err)}`);
      assert.equal(err.path, file);
      assert.ok(err.reason.length > 0 && !err.reason.includes("\n"), "one-line reason");
      return true;
    });
  }
  const good = await writeSolidImage(join(dir, "good.png"), "png", 4, 4, { r: 1, g: 2, b: 3 });
  await preprocessImage(good, s, out, 0);
  assert.equal(at(out, s, 0, 0, 0, 2), expected(3, 2));
});

test("bad spec or sample index is rejected before decoding", async (t) => {
  const dir = tempDir(t);
  const file = await writeSolidImage(join(dir, "a.png"), "png", 4, 4, { r: 1, g: 2, b: 3 });
  const s = spec(4, 4);
  await assert.rejects(preprocessImage(file, s, new Float32Array(sampleSize(s)), 1), RangeError);
  await assert.rejects(
    preprocessImage(file, spec(4, 4, { resizeShorter: 3 }), new Float32Array(48), 0),
    /resizeShorter/,
  );
  await assert.rejects(
    preprocessImage(file, spec(4, 4, { pixelStd: [1, 0, 1] }), new Float32Array(48), 0),
    /pixelStd/,
  );
  await assert.rejects(preprocessImage(file, spec(0, 4), new Float32Array(48), 0), /input size/);
});

test("a large source shrunk by sharp first matches loff's one-pass resize of the full image", async (t) => {
  const dir = tempDir(t);
  // A 480x320 diagonal ramp, lossless WebP (decoded by sharp, so the pre-shrink applies: 480 >= 4 x 40).
  const [w, h] = [480, 320];
  const px = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) px[(y * w + x) * 3 + c] = Math.round((255 * (x + y + c * 40)) / (w + h + 80));
  const file = await writeRawImage(join(dir, "ramp.webp"), "webp", w, h, 3, px);
  const s = spec(32, 40, { resize: "resize", inputLayout: "nhwc", pixelMean: [0, 0, 0], pixelStd: [1, 1, 1] });
  const out = new Float32Array(sampleSize(s));
  await preprocessImage(file, s, out, 0);
  const direct = new Float32Array(sampleSize(s));
  resampleNormalised({ width: w, height: h, channels: 3, data: px }, { width: 40, height: 32, left: 0, top: 0 }, s, direct, 0);
  let worst = 0;
  for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs((out[i] as number) - (direct[i] as number)) * 255);
  assert.ok(worst <= 3, `two-stage and one-pass differ by up to ${worst.toFixed(2)} levels`);
});
