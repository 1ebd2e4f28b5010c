// A decoded image: interleaved 8-bit samples, row-major.

/** Decoded pixels: 1 = grey, 2 = grey + alpha, 3 = RGB, 4 = RGBA (sRGB, alpha not premultiplied). */
export interface RasterImage {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  data: Uint8Array;
}
