// Image decoding (own PNG fast path, sharp) and preprocessing into float32 model input batches.
export { preprocessImage } from "./preprocess-image.js";
export { ImageDecodeError } from "./image-decode-error.js";
export { sampleSize, validatePreprocessSpec } from "./preprocess-spec.js";
export type { PreprocessSpec } from "./preprocess-spec.js";
