import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import sharp from "sharp";
import { decodePlainPng } from "../../src/extract/image/png-decode.js";
import { EMBEDDED_IMAGES } from "../../src/cli/paths.js";
import { listImageSources } from "../../src/extract/sources/index.js";

async function sharpRaw(file: Buffer): Promise<{ data: Buffer; channels: number; width: number; height: number }> {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  return { data, channels: info.channels, width: info.width, height: info.height };
}

async function assertSameAsSharp(file: Buffer, what: string): Promise<void> {
  const ours = decodePlainPng(file);
  assert.ok(ours !== undefined, `${what}: the fast decoder declined it`);
  const ref = await sharpRaw(file);
  assert.deepEqual([ours.width, ours.height, ours.channels], [ref.width, ref.height, ref.channels], what);
  assert.ok(Buffer.from(ours.data.buffer, ours.data.byteOffset, ours.data.length).equals(ref.data), `${what}: pixels differ from sharp's`);
}

/** Noisy but compressible pixels, so every PNG row filter gets used. */
function pixels(width: number, height: number, channels: number): Buffer {
  const out = Buffer.alloc(width * height * channels);
  for (let i = 0; i < out.length; i++) out[i] = (i * 7 + ((i * 2654435761) >>> 27) + (i % 13) * 19) & 255;
  return out;
}

test("plain PNGs of every 8-bit colour type decode exactly as sharp decodes them", async () => {
  const [w, h] = [37, 23];
  for (const channels of [1, 2, 3, 4] as const) {
    const file = await sharp(pixels(w, h, channels), { raw: { width: w, height: h, channels } }).png({ adaptiveFiltering: true }).toBuffer();
    await assertSameAsSharp(file, `${channels}-channel`);
  }
  for (const channels of [3, 4] as const) {
    const file = await sharp(pixels(w, h, channels), { raw: { width: w, height: h, channels } }).png({ palette: true, colours: 40, dither: 0 }).toBuffer();
    await assertSameAsSharp(file, `palette from ${channels} channels`);
  }
});

test("every embedded image decodes exactly as sharp decodes it", async () => {
  const { items } = await listImageSources(EMBEDDED_IMAGES, {});
  assert.ok(items.length > 700);
  for (const it of items) await assertSameAsSharp(readFileSync(it.path), it.relPath);
});

test("files the fast decoder does not handle, or damaged ones, are left to sharp", async () => {
  const base = await sharp(pixels(16, 16, 3), { raw: { width: 16, height: 16, channels: 3 } }).png().toBuffer();
  assert.ok(decodePlainPng(base) !== undefined);
  const interlaced = await sharp(base).png({ progressive: true }).toBuffer();
  assert.equal(decodePlainPng(interlaced), undefined, "interlaced");
  const withProfile = await sharp(base).withIccProfile("p3").png().toBuffer();
  assert.equal(decodePlainPng(withProfile), undefined, "colour profile");
  const sixteenBit = Buffer.from(base);
  sixteenBit[24] = 16; // IHDR bit depth
  assert.equal(decodePlainPng(sixteenBit), undefined, "16-bit");
  assert.equal(decodePlainPng(base.subarray(0, base.length - 20)), undefined, "truncated");
  const flipped = Buffer.from(base);
  const idat = flipped.indexOf("IDAT");
  flipped[idat + 20] = (flipped[idat + 20] as number) ^ 0x5a;
  assert.equal(decodePlainPng(flipped), undefined, "damaged image data");
  const jpeg = await sharp(base).jpeg().toBuffer();
  assert.equal(decodePlainPng(jpeg), undefined, "not a PNG");
});
