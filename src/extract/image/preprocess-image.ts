// Decode + preprocess one image straight into a caller-owned float32 batch buffer.
//
// Decoding: plain 8-bit PNGs (no colour profile, gamma or EXIF) go through loff's own PNG decoder
// (node's zlib; byte-identical to sharp for those files, ~6x cheaper); everything else — JPEG, WebP,
// SVG, 16-bit or colour-managed PNG, and any file the fast decoder declines — through sharp, with EXIF
// orientation applied and output in sRGB. Geometry, alpha flattening onto white, the antialiased
// bilinear resize, the centre crop and the normalisation then happen in one pass (resample.ts) that
// writes the floats in the requested layout. Large sources are first shrunk by sharp to twice the
// resize target (its shrink-on-load makes big JPEGs cheap), so the final 2x reduction is always ours.
import { readFile } from "node:fs/promises";
import sharp, { type Sharp } from "sharp";
import { ImageDecodeError } from "./image-decode-error.js";
import { decodePlainPng } from "./png-decode.js";
import { type PreprocessSpec, sampleSize, validatePreprocessSpec } from "./preprocess-spec.js";
import type { RasterImage } from "./raster.js";
import { resampleNormalised, type ResizeCrop } from "./resample.js";

// Clip art and scans can be huge (openclipart has images over sharp's default 268 MP limit);
// decoding is bounded by the pre-shrink anyway. "error" (not "warning") so harmless libpng warnings,
// such as a slightly wrong colour profile, do not reject an otherwise fine image.
const INPUT_OPTIONS = { limitInputPixels: false, failOn: "error" } as const;
// sharp rasterises SVG at 72 dpi by default; it accepts densities in [1, 100000].
const SVG_BASE_DENSITY = 72;
// Sources at least this many times the resize target on both axes are pre-shrunk by sharp.
const PRESHRINK_FROM = 4;

interface Geometry extends ResizeCrop {
  /** Scale from the source size to the resized size (used to rasterise SVG at the right density). */
  scale: number;
}

/** Decodes one file and writes its normalised pixels into out at sample `index`. Throws ImageDecodeError on bad input. */
export async function preprocessImage(
  path: string,
  spec: PreprocessSpec,
  out: Float32Array,
  index: number,
): Promise<void> {
  validatePreprocessSpec(spec);
  const size = sampleSize(spec);
  if (!Number.isInteger(index) || index < 0 || (index + 1) * size > out.length) {
    throw new RangeError(
      `sample ${index} does not fit a buffer of ${out.length} floats (${size} per sample)`,
    );
  }
  let decoded: { image: RasterImage; resize: ResizeCrop };
  try {
    const file = await readFile(path);
    const png = decodePlainPng(file);
    decoded = png !== undefined ? { image: png, resize: geometry(png.width, png.height, spec) } : await decodeWithSharp(file, path, spec);
  } catch (err) {
    throw new ImageDecodeError(path, firstLine(err));
  }
  resampleNormalised(decoded.image, decoded.resize, spec, out, index * size);
}

/** Decodes with sharp (orientation applied, sRGB), pre-shrinking large sources and rasterising SVG at the target size. */
async function decodeWithSharp(file: Buffer, path: string, spec: PreprocessSpec): Promise<{ image: RasterImage; resize: ResizeCrop }> {
  const meta = await sharp(file, INPUT_OPTIONS).metadata();
  // autoOrient holds the size after the EXIF rotation; width/height are the stored size.
  const srcW = meta.autoOrient?.width ?? meta.width;
  const srcH = meta.autoOrient?.height ?? meta.height;
  if (!srcW || !srcH) throw new Error("image has no size");
  const g = geometry(srcW, srcH, spec);
  const isSvg = meta.format === "svg" || path.toLowerCase().endsWith(".svg");
  const density = isSvg ? Math.min(100000, Math.max(1, SVG_BASE_DENSITY * g.scale)) : undefined;
  let pipeline: Sharp = sharp(file, { ...INPUT_OPTIONS, autoOrient: true, ...(density ? { density } : {}) });
  if (!isSvg && srcW >= PRESHRINK_FROM * g.width && srcH >= PRESHRINK_FROM * g.height) {
    pipeline = pipeline.resize(2 * g.width, 2 * g.height, { fit: "fill", kernel: "linear" });
  }
  const { data, info } = await pipeline.toColourspace("srgb").raw().toBuffer({ resolveWithObject: true });
  if (info.channels < 1 || info.channels > 4 || data.length !== info.width * info.height * info.channels) {
    throw new Error(`decoder returned ${info.width}x${info.height}x${info.channels} in ${data.length} bytes`);
  }
  return { image: { width: info.width, height: info.height, channels: info.channels, data }, resize: g };
}

/** Resize target and crop offsets for a source of srcW x srcH pixels. */
function geometry(srcW: number, srcH: number, spec: PreprocessSpec): Geometry {
  const { inputWidth: W, inputHeight: H } = spec;
  if (spec.resize === "resize")
    return { width: W, height: H, left: 0, top: 0, scale: Math.max(W / srcW, H / srcH) };
  const scale =
    spec.resizeShorter !== undefined
      ? spec.resizeShorter / Math.min(srcW, srcH)
      : Math.max(W / srcW, H / srcH);
  const width = Math.max(W, Math.round(srcW * scale));
  const height = Math.max(H, Math.round(srcH * scale));
  return { width, height, left: (width - W) >> 1, top: (height - H) >> 1, scale };
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split("\n")[0]?.trim() || "unknown decoder error";
}
