// The cache manifest: what a cache holds and how it was made. Stored as JSON under the key
// "manifest" of the "meta" database (docs/cache-format.md). Readers refuse unknown versions.

/** Current cache format version. */
export const CACHE_FORMAT_VERSION = 1;

/** Split codes as stored in the record header. */
export const SPLITS = ["train", "val", "test"] as const;
/** A split name. */
export type SplitName = (typeof SPLITS)[number];

/** Where the features came from; two caches with different provenance are different caches. */
export interface ModelProvenance {
  /** Preset name, e.g. "mobilenet-v2", "dinov2-vitb14", or a user preset's name. */
  preset: string;
  /** "vit": tokens [B, 1+N, D] with CLS first; "cnn": a feature map, global average as CLS. */
  family: "vit" | "cnn";
  /** Lowercase hex sha256 of the ONNX file. */
  onnxSha256: string;
  /** Model input size in pixels. */
  inputHeight: number;
  inputWidth: number;
  /** Resize rule of the preset ("resize-crop": shorter side to size then centre crop; "resize": stretch). */
  resize: string;
  /** "resize-crop": shorter side before the centre crop (0 = the smallest size covering the input). */
  resizeShorter: number;
  /** RGB mean and std applied after scaling pixels to [0, 1]. */
  pixelMean: number[];
  pixelStd: number[];
  /** Layout of the model's image input. */
  inputLayout: "nchw" | "nhwc";
  /** Resampling filter of the resize ("bilinear-antialias"): a different filter makes different features. */
  resampler: string;
  /** Name of the ONNX output holding the tokens. */
  outputNode: string;
}

/** Size and per-class counts of one split. */
export interface SplitStats {
  samples: number;
  classCounts: number[];
}

/** The manifest of one cache (one dataset). */
export interface Manifest {
  formatVersion: number;
  /** RFC 3339 time of creation. */
  createdAt: string;
  model: ModelProvenance;
  /** Token grid as stored (after extraction pooling). */
  gridHeight: number;
  gridWidth: number;
  /** Channels per token; the CLS/global vector has the same length. */
  channels: number;
  /** Element type of stored tensors; always "float16" in format 1. */
  dtype: "float16";
  /** k of the k x k average pooling applied at extraction (1 = none). */
  pool: number;
  /** Class names; a label indexes this list. */
  labelNames: string[];
  /** Per-split statistics, filled when extraction finishes. */
  splits: Partial<Record<SplitName, SplitStats>>;
  /** Per-channel mean and std of the train split's tokens (length = channels). */
  channelMean: number[];
  channelStd: number[];
  /** True once an extraction run completed and the statistics are final. */
  complete: boolean;
  /** Input images that could not be decoded, relative paths with the reason. */
  skipped: Array<{ path: string; reason: string }>;
}
