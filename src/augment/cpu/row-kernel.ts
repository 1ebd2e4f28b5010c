// The five vector loops the fused CPU kernel is made of, over one linear memory. Two
// implementations produce identical bits: WebAssembly SIMD (fast) and plain JavaScript (the
// reference, and the fallback when a row length is not a multiple of 4). Indices are in
// elements of the view they name (f32 or u16); all arithmetic is IEEE float32.

/** Vector loops over a linear memory. */
export interface RowKernel {
  readonly name: "wasm" | "js";
  /** Float32 view of the memory (refreshed by reserve). */
  f32: Float32Array;
  /** Uint16 view of the same memory. */
  u16: Uint16Array;
  /** Grows the memory to at least `bytes`; views are replaced. */
  reserve(bytes: number): void;
  /** f32[dst + i] = fp16 decode of u16[src + i]. */
  decode(src16: number, dst32: number, n: number): void;
  /** TensorFlow's bilinear blend: top = tl + (tr - tl) fx; bottom = bl + (br - bl) fx; out = top + (bottom - top) fy. */
  lerp(dst: number, tl: number, tr: number, bl: number, br: number, fx: number, fy: number, n: number): void;
  /** f32[dst + i] = f32[dst + i] * alpha + f32[beta + i]. */
  affine(dst: number, alpha: number, beta: number, n: number): void;
  /** f32[dst + i] = f32[dst + i] + f32[scale + i] * f32[table + i]. */
  addNoise(dst: number, scale: number, table: number, n: number): void;
  /** u16[dst16 + i] = fp16 encode (round to nearest even) of f32[src + i]. */
  encode(src32: number, dst16: number, n: number): void;
}
