// Built-in model presets, as data. A preset with `embedded: true` brings its own ONNX (converted on
// first use); the others describe a family of exports the user supplies as a file
// (`--model <preset>:<file.onnx>`, or a preset JSON with "extends" and "onnx").
import type { ModelSpec } from "./model-spec.js";

/** A built-in preset. */
export interface Preset {
  /** One line for listings and docs. */
  description: string;
  /** True when loff ships the model itself; otherwise an ONNX file must be given. */
  embedded: boolean;
  spec: Readonly<ModelSpec>;
}

const IMAGENET_MEAN: [number, number, number] = [0.485, 0.456, 0.406];
const IMAGENET_STD: [number, number, number] = [0.229, 0.224, 0.225];

// DINOv2 exports (e.g. Hugging Face `facebook/dinov2-base` through optimum) take NCHW pixels
// normalised with ImageNet statistics and return `last_hidden_state` [B, 1+N, D].
const dinov2 = (preset: string): ModelSpec => ({
  preset,
  family: "vit",
  inputHeight: 224,
  inputWidth: 224,
  resize: "resize-crop",
  resizeShorter: 256,
  pixelMean: IMAGENET_MEAN,
  pixelStd: IMAGENET_STD,
  inputLayout: "nchw",
  outputNode: "last_hidden_state",
  patchSize: 14,
});

/** Name of the preset used when no model is given. */
export const DEFAULT_PRESET = "mobilenet-v2";

/** The built-in presets by name. */
export const PRESETS: Readonly<Record<string, Preset>> = Object.freeze({
  "mobilenet-v2": {
    description: "MobileNetV2 from nsfwjs (embedded; 14x14x576 at block_13_expand_relu)",
    embedded: true,
    spec: {
      preset: "mobilenet-v2",
      family: "cnn",
      inputHeight: 224,
      inputWidth: 224,
      // nsfwjs stretches to 224x224 and scales to [0, 1]; no mean/std beyond that.
      resize: "resize",
      pixelMean: [0, 0, 0],
      pixelStd: [1, 1, 1],
      inputLayout: "nhwc",
      outputNode: "block_13_expand_relu",
      outputLayout: "nchw",
    },
  },
  "dinov2-vitb14": {
    description: "DINOv2 ViT-B/14 export (bring the ONNX file; 16x16x768 tokens)",
    embedded: false,
    spec: dinov2("dinov2-vitb14"),
  },
  "dinov2-vitg14": {
    description: "DINOv2 ViT-g/14 export (bring the ONNX file; 16x16x1536 tokens)",
    embedded: false,
    spec: dinov2("dinov2-vitg14"),
  },
  "imagenet-cnn": {
    description: "any ImageNet-normalised NCHW CNN (bring the ONNX file; pick the map with --output)",
    embedded: false,
    spec: {
      preset: "imagenet-cnn",
      family: "cnn",
      inputHeight: 224,
      inputWidth: 224,
      resize: "resize-crop",
      resizeShorter: 256,
      pixelMean: IMAGENET_MEAN,
      pixelStd: IMAGENET_STD,
      inputLayout: "nchw",
      outputNode: "",
      outputLayout: "nchw",
    },
  },
});

/** Names of the built-in presets. */
export function presetNames(): string[] {
  return Object.keys(PRESETS);
}
