// Resize + centre crop + alpha flattening + normalisation in one pass over a decoded image, writing
// the model's float input straight into the batch buffer.
//
// The filter is the triangle ("bilinear") kernel widened by the reduction factor when shrinking —
// the antialiased bilinear of PIL and torchvision (antialias=True), with pixel centres at +0.5. Upscaling
// is plain bilinear. It is separable: a horizontal pass over only the source rows the crop needs, then
// a vertical pass, in float32 with no rounding to 8 bits in between. Doing this here instead of in
// libvips saves ~1.7 core-ms per small image (pipeline set-up, flatten and resize passes), which is
// most of what extraction spends next to the model.
import type { PreprocessSpec } from "./preprocess-spec.js";
import type { RasterImage } from "./raster.js";

/** Name of this filter, recorded in the cache's model provenance. */
export const RESAMPLER = "bilinear-antialias";

/** Resize target of the whole image and the crop taken from it (the crop is the model input size). */
export interface ResizeCrop {
  width: number;
  height: number;
  left: number;
  top: number;
}

/** Per output position along one axis: first source index, tap count and normalised weights. */
interface AxisFilter {
  start: Int32Array;
  count: Int32Array;
  weights: Float32Array;
  taps: number;
}

/** Triangle-filter coefficients for outputs offset..offset+length of an inSize -> outSize resize. */
export function axisFilter(inSize: number, outSize: number, offset: number, length: number): AxisFilter {
  const scale = inSize / outSize;
  const support = Math.max(scale, 1);
  const taps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(length);
  const count = new Int32Array(length);
  const weights = new Float32Array(length * taps);
  for (let i = 0; i < length; i++) {
    const center = (offset + i + 0.5) * scale;
    const lo = Math.max(0, Math.floor(center - support + 0.5));
    const hi = Math.min(inSize, Math.floor(center + support + 0.5));
    let sum = 0;
    for (let x = lo; x < hi; x++) sum += Math.max(0, 1 - Math.abs((x + 0.5 - center) / support));
    // Always at least one tap: the nearest pixel carries the whole weight at a degenerate edge.
    if (sum === 0) {
      start[i] = Math.min(inSize - 1, Math.max(0, Math.floor(center)));
      count[i] = 1;
      weights[i * taps] = 1;
      continue;
    }
    start[i] = lo;
    count[i] = hi - lo;
    for (let x = lo; x < hi; x++) weights[i * taps + x - lo] = Math.max(0, 1 - Math.abs((x + 0.5 - center) / support)) / sum;
  }
  return { start, count, weights, taps };
}

/**
 * Resizes img to resize.width x resize.height, takes the spec's input size at (left, top), flattens
 * alpha onto white, normalises with the spec's mean/std and writes 3 x H x W floats at out[offset..]
 * in the spec's layout.
 */
export function resampleNormalised(img: RasterImage, resize: ResizeCrop, spec: PreprocessSpec, out: Float32Array, offset: number): void {
  const W = spec.inputWidth;
  const H = spec.inputHeight;
  const fx = axisFilter(img.width, resize.width, resize.left, W);
  const fy = axisFilter(img.height, resize.height, resize.top, H);
  const rowLo = fy.start[0] as number;
  const rowHi = (fy.start[H - 1] as number) + (fy.count[H - 1] as number);

  // (v / 255 - mean) / std = v * k + c per channel. Both passes use weights summing to 1, so
  // normalising in the first pass gives the same result and leaves the second a pure blend of rows.
  const k = spec.pixelStd.map((s) => 1 / (255 * s)) as [number, number, number];
  const c = spec.pixelMean.map((m, i) => -m / (spec.pixelStd[i] as number)) as [number, number, number];
  const planar = spec.inputLayout === "nchw";
  const [k0, k1, k2] = k;
  const [c0, c1, c2] = c;

  // Horizontal pass over the needed source rows, each written in the output layout (RGB interleaved,
  // or three planes of W).
  const W3 = W * 3;
  const line = scratch("line", img.width * 3);
  const horiz = scratch("rows", (rowHi - rowLo) * W3);
  for (let y = rowLo; y < rowHi; y++) {
    flattenRow(img, y, line);
    const dst = horiz.subarray((y - rowLo) * W3, (y - rowLo + 1) * W3);
    for (let i = 0; i < W; i++) {
      const s = (fx.start[i] as number) * 3;
      const n = fx.count[i] as number;
      const wk = i * fx.taps;
      let r: number;
      let g: number;
      let b: number;
      if (n === 2) {
        // Upscaling (the common case for small sources): two taps, unrolled.
        const w0 = fx.weights[wk] as number;
        const w1 = fx.weights[wk + 1] as number;
        r = w0 * (line[s] as number) + w1 * (line[s + 3] as number);
        g = w0 * (line[s + 1] as number) + w1 * (line[s + 4] as number);
        b = w0 * (line[s + 2] as number) + w1 * (line[s + 5] as number);
      } else {
        r = 0;
        g = 0;
        b = 0;
        for (let t = 0, x = s; t < n; t++, x += 3) {
          const w = fx.weights[wk + t] as number;
          r += w * (line[x] as number);
          g += w * (line[x + 1] as number);
          b += w * (line[x + 2] as number);
        }
      }
      if (planar) {
        dst[i] = r * k0 + c0;
        dst[W + i] = g * k1 + c1;
        dst[2 * W + i] = b * k2 + c2;
      } else {
        dst[3 * i] = r * k0 + c0;
        dst[3 * i + 1] = g * k1 + c1;
        dst[3 * i + 2] = b * k2 + c2;
      }
    }
  }

  // Vertical pass: each output row (or each channel's row) is a blend of whole horizontal rows.
  const plane = H * W;
  for (let j = 0; j < H; j++) {
    const first = (fy.start[j] as number) - rowLo;
    const n = fy.count[j] as number;
    const at = j * fy.taps;
    if (planar) {
      for (let ch = 0; ch < 3; ch++) {
        const dst = out.subarray(offset + ch * plane + j * W, offset + ch * plane + (j + 1) * W);
        blendRows(horiz, W3, ch * W, W, first, n, fy.weights, at, dst);
      }
    } else {
      blendRows(horiz, W3, 0, W3, first, n, fy.weights, at, out.subarray(offset + j * W3, offset + (j + 1) * W3));
    }
  }
}

// Scratch buffers reused across calls (resampling is synchronous, so one set per thread suffices).
const scratchBuffers = new Map<string, Float32Array>();

/** A scratch array of at least n floats (contents undefined). */
function scratch(name: string, n: number): Float32Array {
  let buf = scratchBuffers.get(name);
  if (buf === undefined || buf.length < n) {
    buf = new Float32Array(Math.max(n, 2 * (buf?.length ?? 0)));
    scratchBuffers.set(name, buf);
  }
  return buf.subarray(0, n);
}

/** dst = blend of `len` floats at column `col` of n consecutive rows (stride floats apart) from row `first`. */
function blendRows(rows: Float32Array, stride: number, col: number, len: number, first: number, n: number, weights: Float32Array, at: number, dst: Float32Array): void {
  const row = (t: number): Float32Array => rows.subarray((first + t) * stride + col, (first + t) * stride + col + len);
  const w0 = weights[at] as number;
  const a = row(0);
  if (n === 1) {
    for (let i = 0; i < len; i++) dst[i] = w0 * (a[i] as number);
    return;
  }
  const w1 = weights[at + 1] as number;
  const b = row(1);
  for (let i = 0; i < len; i++) dst[i] = w0 * (a[i] as number) + w1 * (b[i] as number);
  for (let t = 2; t < n; t++) {
    const w = weights[at + t] as number;
    const r = row(t);
    for (let i = 0; i < len; i++) dst[i] = (dst[i] as number) + w * (r[i] as number);
  }
}

/** Source row y as RGB floats in 0..255, alpha flattened onto white. */
function flattenRow(img: RasterImage, y: number, line: Float32Array): void {
  const { width, channels, data } = img;
  const src = data.subarray(y * width * channels, (y + 1) * width * channels);
  switch (channels) {
    case 1:
      for (let x = 0, o = 0; x < width; x++, o += 3) line[o] = line[o + 1] = line[o + 2] = src[x] as number;
      return;
    case 2:
      for (let x = 0, o = 0, s = 0; x < width; x++, o += 3, s += 2) {
        const a = (src[s + 1] as number) / 255;
        line[o] = line[o + 1] = line[o + 2] = (src[s] as number) * a + 255 * (1 - a);
      }
      return;
    case 3:
      for (let i = 0; i < width * 3; i++) line[i] = src[i] as number;
      return;
    case 4:
      for (let x = 0, o = 0, s = 0; x < width; x++, o += 3, s += 4) {
        const a = (src[s + 3] as number) / 255;
        const white = 255 * (1 - a);
        line[o] = (src[s] as number) * a + white;
        line[o + 1] = (src[s + 1] as number) * a + white;
        line[o + 2] = (src[s + 2] as number) * a + white;
      }
      return;
  }
}
