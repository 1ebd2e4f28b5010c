// `loff predict`: classify new images with a trained head — the backbone named by the training
// cache's manifest (checked by sha256), the same preprocessing, pooling and fp16 rounding as the
// cache, then the head.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Command } from "commander";
import { avgPoolFloat32 } from "../../augment/pool.js";
import { float16ToFloat32, float32ToFloat16 } from "../../contract/float16.js";
import { ImageDecodeError, preprocessImage } from "../../extract/image/index.js";
import { loadFeatureModel } from "../../extract/models/feature-model.js";
import { ModelConfigError } from "../../extract/models/model-error.js";
import { isImageFile } from "../../extract/sources/index.js";
import { loadHead, predictTopK, type Prediction } from "../../trainer/index.js";
import { PROCESS_IO, type CliIo } from "../cli-io.js";
import { CliError, EXIT, usageError } from "../cli-error.js";
import { parsePositiveInt } from "../parse.js";
import { SOURCE_FILE, type TrainingSource } from "./train.js";

interface PredictFlags {
  head: string;
  images: string[];
  top: number;
  model?: string;
  batchSize: number;
  json?: boolean;
}

/** One image's result. */
export interface ImagePrediction {
  path: string;
  top: Array<Pick<Prediction, "label" | "probability">>;
}

/** The `predict` command. */
export function predictCommand(io: CliIo = PROCESS_IO): Command {
  return new Command("predict")
    .description("Classify images with a trained head (backbone from the training cache's manifest, checked by sha256)")
    .requiredOption("--head <checkpoint>", "checkpoint root written by `loff train --checkpoint` (or its best/ or last/)")
    .requiredOption("--images <path...>", "image files and/or folders")
    .option("--top <k>", "labels to show per image", parsePositiveInt, 3)
    .option("--model <model>", "backbone to use when it is not the preset named by the manifest (e.g. dinov2-vitb14:/path/model.onnx)")
    .option("--batch-size <n>", "images per inference batch", parsePositiveInt, 16)
    .option("--json", "print one JSON object on stdout")
    .action(async (f: PredictFlags) => {
      const { predictions, errors } = await predictImages(f);
      if (f.json) {
        io.out(`${JSON.stringify({ predictions, errors })}\n`);
      } else {
        for (const p of predictions) io.out(`${p.path}\t${p.top.map((t) => `${t.label} ${(100 * t.probability).toFixed(1)}%`).join("\t")}\n`);
        for (const e of errors) io.err(`skipped ${e.path}: ${e.reason}\n`);
      }
      if (errors.length > 0) throw new CliError(`${errors.length} of ${errors.length + predictions.length} images could not be read`, EXIT.failure);
    });
}

/** Runs backbone + head over the images. */
export async function predictImages(f: Pick<PredictFlags, "head" | "images" | "top" | "model" | "batchSize">): Promise<{
  predictions: ImagePrediction[];
  errors: Array<{ path: string; reason: string }>;
}> {
  const source = readSource(f.head);
  const files = listImages(f.images);
  const loaded = await loadHead(f.head);
  let model;
  try {
    model = await loadFeatureModel({ model: f.model ?? source.model.preset, output: source.model.outputNode });
  } catch (err) {
    if (err instanceof ModelConfigError) throw usageError(`${err.message} (pass --model to name the backbone the head was trained on)`);
    throw err;
  }
  try {
    if (model.provenance.onnxSha256 !== source.model.onnxSha256) {
      throw usageError(`backbone sha256 ${model.provenance.onnxSha256.slice(0, 12)}… differs from the training cache's ${source.model.onnxSha256.slice(0, 12)}…; pass --model with the ONNX file the cache was made with`);
    }
    if (model.provenance.resampler !== source.model.resampler) {
      throw usageError(`the head was trained on features of images resized with ${JSON.stringify(source.model.resampler ?? "an older resampler")}; this loff resizes with ${JSON.stringify(model.provenance.resampler)} — re-extract the cache and retrain`);
    }
    const k = source.extractionPool;
    const per = 3 * model.spec.inputHeight * model.spec.inputWidth;
    const predictions: ImagePrediction[] = [];
    const errors: Array<{ path: string; reason: string }> = [];
    for (let i = 0; i < files.length; i += f.batchSize) {
      const batch = files.slice(i, i + f.batchSize);
      const pixels = new Float32Array(batch.length * per);
      const ok: string[] = [];
      for (const path of batch) {
        try {
          await preprocessImage(path, model.spec, pixels, ok.length);
          ok.push(path);
        } catch (err) {
          if (!(err instanceof ImageDecodeError)) throw err;
          errors.push({ path, reason: err.reason });
        }
      }
      if (ok.length === 0) continue;
      const out = await model.run(pixels.subarray(0, ok.length * per), ok.length);
      // Same path as the training features: extraction pooling, fp16 in the cache, serve-time pooling, fp16 on the wire.
      const c = model.channels;
      const pooled = k > 1 ? avgPoolFloat32(out.tokens, [ok.length, model.gridHeight, model.gridWidth, c], k) : out.tokens;
      let tokens = float16ToFloat32(float32ToFloat16(pooled));
      const sk = source.servePool ?? 1;
      if (sk > 1) tokens = float16ToFloat32(float32ToFloat16(avgPoolFloat32(tokens, [ok.length, model.gridHeight / k, model.gridWidth / k, c], sk)));
      const cls = float16ToFloat32(float32ToFloat16(out.cls));
      const top = await predictTopK(loaded, tokens, cls, f.top);
      ok.forEach((path, j) => predictions.push({ path, top: (top[j] ?? []).map((p) => ({ label: p.label, probability: p.probability })) }));
    }
    return { predictions, errors };
  } finally {
    await model.close();
    loaded.dispose();
  }
}

/** The training source recorded in a checkpoint root (`head` is the root or its best/ or last/). */
function readSource(head: string): TrainingSource & { model: { preset: string; onnxSha256: string; outputNode: string; resampler?: string } } {
  const dir = resolve(head);
  for (const root of [dir, dirname(dir)]) {
    const file = join(root, SOURCE_FILE);
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  }
  throw usageError(`${head} is not a checkpoint written by \`loff train --checkpoint\` (no ${SOURCE_FILE})`);
}

function listImages(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    for (const name of readdirSync(p).sort()) {
      const full = join(p, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (isImageFile(name)) out.push(full);
    }
  };
  for (const p of paths) {
    if (!existsSync(p)) throw usageError(`no such file or folder: ${p}`);
    if (statSync(p).isDirectory()) walk(p);
    else out.push(p);
  }
  if (out.length === 0) throw usageError(`no images in ${paths.join(", ")}`);
  return out;
}
