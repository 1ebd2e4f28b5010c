// Image decoding and preprocessing (sharp) into float32 model input batches.
export { preprocessImage, RESIZE_KERNEL } from "./preprocess-image.js";
export { ImageDecodeError } from "./image-decode-error.js";
export { sampleSize, validatePreprocessSpec } from "./preprocess-spec.js";
export type { PreprocessSpec } from "./preprocess-spec.js";
