// What a preset says about a model: input geometry, preprocessing, layouts and the feature output.
import type { PreprocessSpec } from "../image/preprocess-spec.js";
import { ModelConfigError } from "./model-error.js";

/** Everything the pipeline needs to feed a model (its PreprocessSpec) and read its feature output. */
export interface ModelSpec extends PreprocessSpec {
  /** Preset name, recorded in the cache provenance. */
  preset: string;
  /** "vit": output tokens [B, 1+N, D], CLS first; "cnn": a feature map, CLS = its global average. */
  family: "vit" | "cnn";
  /** Name of the ONNX value holding the features ("" in a preset: the model's first output). */
  outputNode: string;
  /** Layout of a CNN feature map output (default "nchw"). */
  outputLayout?: "nchw" | "nhwc";
  /** ViT patch size: the token grid is inputHeight/patchSize x inputWidth/patchSize. */
  patchSize?: number;
}

function positiveInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v > 0;
}

function triple(v: unknown, positive: boolean): boolean {
  return (
    Array.isArray(v) &&
    v.length === 3 &&
    v.every((x) => typeof x === "number" && Number.isFinite(x) && (!positive || x > 0))
  );
}

/** Checks a spec's fields and their consistency; throws a ModelConfigError naming the first problem. */
export function validateSpec(spec: ModelSpec, where: string): ModelSpec {
  const fail = (msg: string): never => {
    throw new ModelConfigError(`${where}: ${msg}`);
  };
  if (typeof spec.preset !== "string" || !/^[A-Za-z0-9._-]+$/.test(spec.preset)) {
    fail(`"name" must be letters, digits, ".", "_" or "-" (got ${JSON.stringify(spec.preset)})`);
  }
  if (spec.family !== "vit" && spec.family !== "cnn") fail(`"family" must be "vit" or "cnn"`);
  for (const k of ["inputHeight", "inputWidth"] as const) {
    if (!positiveInt(spec[k])) fail(`"${k}" must be a positive integer (got ${JSON.stringify(spec[k])})`);
  }
  if (spec.resize !== "resize-crop" && spec.resize !== "resize")
    fail(`"resize" must be "resize-crop" or "resize"`);
  if (spec.resizeShorter !== undefined) {
    if (spec.resize !== "resize-crop") fail(`"resizeShorter" only applies to "resize": "resize-crop"`);
    if (!positiveInt(spec.resizeShorter)) fail(`"resizeShorter" must be a positive integer`);
    if (spec.resizeShorter < Math.max(spec.inputHeight, spec.inputWidth)) {
      fail(`"resizeShorter" (${spec.resizeShorter}) must be at least the larger input side`);
    }
  }
  if (!triple(spec.pixelMean, false)) fail(`"pixelMean" must be three numbers (R, G, B)`);
  if (!triple(spec.pixelStd, true)) fail(`"pixelStd" must be three positive numbers (R, G, B)`);
  if (spec.inputLayout !== "nchw" && spec.inputLayout !== "nhwc")
    fail(`"inputLayout" must be "nchw" or "nhwc"`);
  if (typeof spec.outputNode !== "string") fail(`"outputNode" must be a string`);
  if (spec.family === "vit") {
    if (spec.outputLayout !== undefined) fail(`"outputLayout" only applies to family "cnn"`);
    const p = spec.patchSize;
    if (!positiveInt(p)) return fail(`"patchSize" must be a positive integer for family "vit"`);
    if (spec.inputHeight % p !== 0 || spec.inputWidth % p !== 0) {
      fail(`input ${spec.inputHeight}x${spec.inputWidth} is not a multiple of "patchSize" ${p}`);
    }
  } else {
    if (spec.patchSize !== undefined) fail(`"patchSize" only applies to family "vit"`);
    if (spec.outputLayout !== undefined && spec.outputLayout !== "nchw" && spec.outputLayout !== "nhwc") {
      fail(`"outputLayout" must be "nchw" or "nhwc"`);
    }
  }
  return spec;
}
