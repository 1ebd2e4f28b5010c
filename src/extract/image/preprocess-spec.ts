// What a model expects of its input image: size, resize mode, normalisation and tensor layout.

/** Preprocessing of one model input. */
export interface PreprocessSpec {
  /** Input height in pixels. */
  inputHeight: number;
  /** Input width in pixels. */
  inputWidth: number;
  /**
   * "resize-crop": scale (keeping the aspect ratio) so the shorter side is resizeShorter, then take the
   * centre inputHeight x inputWidth; "resize": stretch to inputHeight x inputWidth.
   */
  resize: "resize-crop" | "resize";
  /** Shorter side before the centre crop; default: the smallest size that covers the input (= input size when square). */
  resizeShorter?: number;
  /** Per-channel (RGB) mean subtracted from pixels scaled to [0, 1]. */
  pixelMean: [number, number, number];
  /** Per-channel (RGB) standard deviation the centred pixels are divided by. */
  pixelStd: [number, number, number];
  /** Batch tensor layout: [B,3,H,W] or [B,H,W,3]. */
  inputLayout: "nchw" | "nhwc";
}

/** Number of float32 values one sample occupies in a batch buffer. */
export function sampleSize(spec: PreprocessSpec): number {
  return 3 * spec.inputHeight * spec.inputWidth;
}

/** Throws a RangeError naming the first invalid field; a spec that passes is safe to preprocess with. */
export function validatePreprocessSpec(spec: PreprocessSpec): void {
  const { inputHeight: h, inputWidth: w } = spec;
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1) {
    throw new RangeError(`input size must be positive integers, got ${h}x${w}`);
  }
  if (spec.resize !== "resize-crop" && spec.resize !== "resize") {
    throw new RangeError(`resize must be "resize-crop" or "resize", got ${String(spec.resize)}`);
  }
  if (spec.resizeShorter !== undefined) {
    const s = spec.resizeShorter;
    if (!Number.isInteger(s) || s < Math.max(h, w)) {
      throw new RangeError(
        `resizeShorter must be an integer >= max(inputHeight, inputWidth) = ${Math.max(h, w)}, got ${s}`,
      );
    }
  }
  if (spec.inputLayout !== "nchw" && spec.inputLayout !== "nhwc") {
    throw new RangeError(`inputLayout must be "nchw" or "nhwc", got ${String(spec.inputLayout)}`);
  }
  const triple = (name: string, v: readonly number[], positive: boolean): void => {
    if (v.length !== 3 || !v.every((x) => Number.isFinite(x) && (!positive || x > 0))) {
      throw new RangeError(
        `${name} must be 3 finite numbers${positive ? " > 0" : ""}, got [${v.join(", ")}]`,
      );
    }
  };
  triple("pixelMean", spec.pixelMean, false);
  triple("pixelStd", spec.pixelStd, true);
}
