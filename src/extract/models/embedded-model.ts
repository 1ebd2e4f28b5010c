// The embedded default backbone: nsfwjs' Keras MobileNetV2, converted to ONNX by keras-to-onnx and
// kept in the model store. The store key names the source and the converter revision, so a changed
// converter never reuses a file made by an older one.
import { kerasToOnnx } from "./keras-to-onnx.js";
import { ensureStoredModel, loffCacheDir, type StoredModel } from "./model-store.js";
import { loadNsfwjsMobileNetV2, NSFWJS_VERSION } from "./nsfwjs-source.js";

/** Bump when keras-to-onnx changes the bytes it emits. */
export const CONVERTER_REVISION = 1;

/** Model store key of the converted MobileNetV2. */
export const EMBEDDED_MODEL_KEY = `mobilenet-v2.nsfwjs-${NSFWJS_VERSION}.r${CONVERTER_REVISION}`;

/** Converts nsfwjs' MobileNetV2 to ONNX bytes (deterministic: same input, same bytes). */
export async function convertEmbeddedMobileNetV2(): Promise<Uint8Array> {
  const { json, weights } = await loadNsfwjsMobileNetV2();
  const doc = `MobileNetV2 from nsfwjs@${NSFWJS_VERSION} (MIT), converted by loff keras-to-onnx r${CONVERTER_REVISION}`;
  return kerasToOnnx(json, weights, doc);
}

/** The embedded MobileNetV2 ONNX from the model store, converting it on first use. */
export function loadEmbeddedMobileNetV2(cacheDir: string = loffCacheDir()): Promise<StoredModel> {
  return ensureStoredModel(EMBEDDED_MODEL_KEY, convertEmbeddedMobileNetV2, cacheDir);
}
