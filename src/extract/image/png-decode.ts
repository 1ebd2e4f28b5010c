// A fast decoder for the plainest PNGs: 8-bit, not interlaced, no colour profile, gamma or EXIF.
//
// Extraction is CPU-bound next to the model, and sharp spends ~0.9 core-ms setting up a libvips
// pipeline for a small PNG whose zlib stream inflates in ~0.15 ms (node's own zlib). For such files
// this decoder returns exactly the bytes sharp would (tested on every embedded image and on each
// colour type); anything it does not handle, or any damage it notices, returns undefined and the
// caller decodes with sharp, which also produces the error message for broken files.
import { inflateSync } from "node:zlib";
import type { RasterImage } from "./raster.js";

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
// Chunks whose meaning sharp would apply (colour management, orientation): leave those files to it.
const DEFER_TO_SHARP = new Set(["iCCP", "gAMA", "cHRM", "sBIT", "eXIf"]);

/** True when the bytes start with the PNG signature. */
export function isPng(file: Uint8Array): boolean {
  return file.length >= 8 && SIGNATURE.every((b, i) => file[i] === b);
}

/** Decodes a plain 8-bit PNG, or returns undefined when the file needs the general decoder. */
export function decodePlainPng(file: Uint8Array): RasterImage | undefined {
  if (!isPng(file)) return undefined;
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let width = 0;
  let height = 0;
  let colourType = -1;
  let palette: Uint8Array | undefined;
  let transparency: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let ended = false;
  for (let at = 8; at + 12 <= file.length && !ended; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(file[at + 4] as number, file[at + 5] as number, file[at + 6] as number, file[at + 7] as number);
    const data = at + 8;
    if (data + length + 4 > file.length) return undefined;
    const body = file.subarray(data, data + length);
    if (at === 8) {
      if (type !== "IHDR" || length !== 13) return undefined;
      width = view.getUint32(data);
      height = view.getUint32(data + 4);
      const [depth, colour, compression, filter, interlace] = body.subarray(8, 13);
      if (depth !== 8 || compression !== 0 || filter !== 0 || interlace !== 0) return undefined;
      colourType = colour as number;
      if (![0, 2, 3, 4, 6].includes(colourType) || width === 0 || height === 0) return undefined;
    } else if (type === "IDAT") {
      idat.push(body);
    } else if (type === "PLTE") {
      palette = body;
    } else if (type === "tRNS") {
      // A single transparent colour (grey/RGB) is left to sharp; palette alpha is handled below.
      if (colourType !== 3) return undefined;
      transparency = body;
    } else if (type === "IEND") {
      ended = true;
    } else if (DEFER_TO_SHARP.has(type)) {
      return undefined;
    }
    at = data + length + 4;
  }
  if (!ended || idat.length === 0 || (colourType === 3 && palette === undefined)) return undefined;

  const bpp = colourType === 0 || colourType === 3 ? 1 : colourType === 4 ? 2 : colourType === 2 ? 3 : 4;
  const stride = width * bpp;
  const expected = height * (stride + 1);
  let raw: Buffer;
  try {
    raw = inflateSync(idat.length === 1 ? (idat[0] as Uint8Array) : Buffer.concat(idat), { maxOutputLength: expected });
  } catch {
    return undefined;
  }
  if (raw.length !== expected) return undefined;
  const pixels = unfilter(raw, height, stride, bpp);
  if (pixels === undefined) return undefined;
  if (colourType !== 3) return { width, height, channels: bpp as 1 | 2 | 3 | 4, data: pixels };
  return expandPalette(pixels, palette as Uint8Array, transparency, width, height);
}

/**
 * Reverses the per-row PNG filters in place: row y moves from y * (stride + 1) + 1 to y * stride
 * (left of where it was, so it never overwrites unread input). Undefined on an unknown filter type.
 */
function unfilter(raw: Uint8Array, height: number, stride: number, bpp: number): Uint8Array | undefined {
  const out = raw;
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = out.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? out.subarray((y - 1) * stride, y * stride) : undefined;
    switch (filter) {
      case 0:
        row.set(src);
        break;
      case 1:
        for (let i = 0; i < stride; i++) row[i] = ((src[i] as number) + (i >= bpp ? (row[i - bpp] as number) : 0)) & 255;
        break;
      case 2:
        if (up === undefined) row.set(src);
        else for (let i = 0; i < stride; i++) row[i] = ((src[i] as number) + (up[i] as number)) & 255;
        break;
      case 3:
        for (let i = 0; i < stride; i++) {
          const left = i >= bpp ? (row[i - bpp] as number) : 0;
          const above = up === undefined ? 0 : (up[i] as number);
          row[i] = ((src[i] as number) + ((left + above) >> 1)) & 255;
        }
        break;
      case 4:
        for (let i = 0; i < stride; i++) {
          const a = i >= bpp ? (row[i - bpp] as number) : 0;
          const b = up === undefined ? 0 : (up[i] as number);
          const c = i >= bpp && up !== undefined ? (up[i - bpp] as number) : 0;
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          row[i] = ((src[i] as number) + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
        }
        break;
      default:
        return undefined;
    }
  }
  return out.subarray(0, height * stride);
}

/** Palette indices to RGB (or RGBA when the palette carries transparency), as sharp returns them. */
function expandPalette(
  indices: Uint8Array,
  palette: Uint8Array,
  transparency: Uint8Array | undefined,
  width: number,
  height: number,
): RasterImage | undefined {
  const entries = Math.floor(palette.length / 3);
  const channels = transparency === undefined ? 3 : 4;
  const data = new Uint8Array(width * height * channels);
  for (let p = 0, o = 0; p < indices.length; p++, o += channels) {
    const k = indices[p] as number;
    if (k >= entries) return undefined;
    data[o] = palette[3 * k] as number;
    data[o + 1] = palette[3 * k + 1] as number;
    data[o + 2] = palette[3 * k + 2] as number;
    if (channels === 4) data[o + 3] = k < (transparency as Uint8Array).length ? ((transparency as Uint8Array)[k] as number) : 255;
  }
  return { width, height, channels, data };
}
