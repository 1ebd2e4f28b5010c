// Image augmentation as the "Frozen + linear" baseline does it on every step: decode the file,
// random resized crop (area scale U(0.5, 1), log-aspect U(log 3/4, log 4/3), torchvision's
// sampling with its centre-crop fallback), resize to the model input, horizontal flip p = 0.5,
// all with sharp (libvips), then normalise into the model's input tensor.
import sharp from "sharp";
import type { ModelSpec } from "../../src/extract/models/feature-model.js";
import type { Rng } from "../../src/trainer/rng.js";

/** Same decoder settings as extraction: no pixel limit (large clip art), alpha on white. */
const INPUT_OPTIONS = { limitInputPixels: false, failOn: "error" } as const;
const WHITE = { r: 255, g: 255, b: 255 };

/** A crop box in source pixels. */
export interface CropBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** torchvision RandomResizedCrop.get_params: ten tries at a box inside the image, else a centre crop of clamped aspect. */
export function randomResizedCropBox(width: number, height: number, rng: Rng, scale: [number, number] = [0.5, 1], ratio: [number, number] = [3 / 4, 4 / 3]): CropBox {
  const area = width * height;
  const [lr0, lr1] = [Math.log(ratio[0]), Math.log(ratio[1])];
  for (let i = 0; i < 10; i++) {
    const target = area * (scale[0] + rng.uniform() * (scale[1] - scale[0]));
    const aspect = Math.exp(lr0 + rng.uniform() * (lr1 - lr0));
    const w = Math.round(Math.sqrt(target * aspect));
    const h = Math.round(Math.sqrt(target / aspect));
    if (w > 0 && h > 0 && w <= width && h <= height) {
      return { left: rng.int(width - w + 1), top: rng.int(height - h + 1), width: w, height: h };
    }
  }
  const inRatio = width / height;
  const w = inRatio < ratio[0] ? width : inRatio > ratio[1] ? Math.round(height * ratio[1]) : width;
  const h = inRatio < ratio[0] ? Math.round(width / ratio[0]) : inRatio > ratio[1] ? height : height;
  return { left: (width - w) >> 1, top: (height - h) >> 1, width: w, height: h };
}

/** Decodes `path` with a random resized crop and flip drawn from `rng`, writing normalised pixels of sample `index` into `out`. */
export async function augmentImageInto(path: string, spec: ModelSpec, rng: Rng, out: Float32Array, index: number): Promise<void> {
  const meta = await sharp(path, INPUT_OPTIONS).metadata();
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) throw new Error(`${path}: image has no size`);
  const box = randomResizedCropBox(width, height, rng);
  const flip = rng.uniform() < 0.5;
  let p = sharp(path, { ...INPUT_OPTIONS, autoOrient: true })
    .flatten({ background: WHITE })
    .extract(box)
    .resize(spec.inputWidth, spec.inputHeight, { fit: "fill", kernel: "linear" });
  if (flip) p = p.flop();
  const { data, info } = await p.toColourspace("srgb").raw().toBuffer({ resolveWithObject: true });
  if (info.width !== spec.inputWidth || info.height !== spec.inputHeight || info.channels !== 3) {
    throw new Error(`${path}: decoder returned ${info.width}x${info.height}x${info.channels}`);
  }
  normaliseInto(data, spec, out, index * 3 * spec.inputWidth * spec.inputHeight);
}

/** (x/255 - mean) / std per channel, in the model's input layout. */
function normaliseInto(rgb: Uint8Array, spec: ModelSpec, out: Float32Array, offset: number): void {
  const plane = spec.inputWidth * spec.inputHeight;
  const scale = spec.pixelStd.map((s) => 1 / (255 * s));
  const shift = spec.pixelMean.map((m, c) => m / (spec.pixelStd[c] as number));
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) {
      const v = (rgb[3 * p + c] as number) * (scale[c] as number) - (shift[c] as number);
      out[offset + (spec.inputLayout === "nhwc" ? 3 * p + c : c * plane + p)] = v;
    }
  }
}
