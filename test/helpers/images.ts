// Writes small test images (and things that only pretend to be images) into temp folders.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import sharp from "sharp";

/** An RGB colour with optional opacity in [0, 1]. */
export interface Colour {
  r: number;
  g: number;
  b: number;
  alpha?: number;
}

/** Raster formats the helpers can encode. */
export type RasterFormat = "png" | "jpeg" | "webp";

function ensureParent(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
}

/** Encodes raw interleaved pixels (1-4 channels) as PNG/JPEG/WebP (lossless or top quality where possible). */
export async function writeRawImage(
  path: string,
  format: RasterFormat,
  width: number,
  height: number,
  channels: 1 | 2 | 3 | 4,
  pixels: Uint8Array,
  exifOrientation?: number,
): Promise<string> {
  ensureParent(path);
  let img = sharp(Buffer.from(pixels), { raw: { width, height, channels } });
  if (format === "png") img = img.png();
  else if (format === "jpeg") img = img.jpeg({ quality: 100, chromaSubsampling: "4:4:4" });
  else img = img.webp({ lossless: true });
  if (exifOrientation !== undefined) img = img.withMetadata({ orientation: exifOrientation });
  await img.toFile(path);
  return path;
}

/** Writes a width x height image of one colour. */
export async function writeSolidImage(
  path: string,
  format: RasterFormat,
  width: number,
  height: number,
  colour: Colour,
): Promise<string> {
  const px = new Uint8Array(width * height * 4);
  for (let i = 0; i < px.length; i += 4) {
    px[i] = colour.r;
    px[i + 1] = colour.g;
    px[i + 2] = colour.b;
    px[i + 3] = Math.round((colour.alpha ?? 1) * 255);
  }
  return writeRawImage(path, format, width, height, 4, px);
}

/** Writes an SVG whose whole canvas is one rectangle of the given CSS colour. */
export function writeSolidSvg(path: string, width: number, height: number, fill: string): string {
  ensureParent(path);
  writeFileSync(
    path,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<rect x="0" y="0" width="${width}" height="${height}" fill="${fill}"/></svg>`,
  );
  return path;
}

/** Writes a PNG cut off in the middle of its pixel data: valid signature and header, broken body. */
export async function writeCorruptPng(path: string): Promise<string> {
  const px = new Uint8Array(64 * 64 * 3).map((_, i) => (i * 7919) % 251);
  await writeRawImage(path, "png", 64, 64, 3, px);
  const bytes = readFileSync(path);
  writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
  return path;
}

/** Writes a plain text file (e.g. named .jpg to pose as an image). */
export function writeTextFile(path: string, text = "this is not an image\n"): string {
  ensureParent(path);
  writeFileSync(path, text);
  return path;
}

/** Creates empty files at the given "/"-separated paths below root (enough for listing tests). */
export function touchFiles(root: string, relPaths: readonly string[]): void {
  for (const rel of relPaths) {
    const path = `${root}/${rel}`;
    ensureParent(path);
    writeFileSync(path, "");
  }
}
