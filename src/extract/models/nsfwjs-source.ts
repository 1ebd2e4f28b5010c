// Reads the Keras (tfjs layers) MobileNetV2 that nsfwjs ships: the model JSON and the base64 weight
// shards are UMD modules under dist/models/mobilenet_v2/ (`model.min.js`, `<shard>.min.js` for each
// path of the weight manifest), hidden by the package's `exports` map, so their paths are resolved
// from the package entry point. They are required directly rather than through nsfwjs'
// model_imports wrappers, whose `__importStar` copies a 3.5 MB string key by key (3 s). Weights are
// decoded here (uint8 per-tensor quantisation), without tfjs.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { KerasModelJson, KerasWeights, WeightSpec } from "./keras-types.js";

/** Version of nsfwjs whose model the embedded default was made from (part of the store key). */
export const NSFWJS_VERSION = "4.3.0";

/** The Keras topology and decoded weights of nsfwjs' MobileNetV2. */
export interface KerasModel {
  json: KerasModelJson;
  weights: KerasWeights;
}

/** Folder of nsfwjs' bundled MobileNetV2 (model.min.js and its weight shards). */
export function nsfwjsMobileNetV2Dir(): string {
  const require = createRequire(import.meta.url);
  // .../nsfwjs/dist/cjs/index.js -> .../nsfwjs/dist/models/mobilenet_v2
  return join(dirname(require.resolve("nsfwjs")), "..", "models", "mobilenet_v2");
}

/** Loads nsfwjs' MobileNetV2 topology and weights. */
export async function loadNsfwjsMobileNetV2(): Promise<KerasModel> {
  const require = createRequire(import.meta.url);
  const dir = nsfwjsMobileNetV2Dir();
  const pkg = require(join(dir, "..", "..", "..", "package.json")) as { version: string };
  if (pkg.version !== NSFWJS_VERSION) {
    throw new Error(`the embedded model needs nsfwjs@${NSFWJS_VERSION}, found ${pkg.version}`);
  }
  const json = require(join(dir, "model.min.js")) as KerasModelJson;
  const shards = json.weightsManifest
    .flatMap((g) => g.paths)
    .map((p) => {
      const b64: unknown = require(join(dir, `${p}.min.js`));
      if (typeof b64 !== "string") throw new Error(`nsfwjs weight shard ${p} is not a base64 string`);
      return Buffer.from(b64, "base64");
    });
  return {
    json,
    weights: decodeWeights(
      json.weightsManifest.flatMap((g) => g.weights),
      concat(shards),
    ),
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Decodes a tfjs weight buffer (float32, or uint8/uint16 quantised: value = q * scale + min). */
export function decodeWeights(specs: WeightSpec[], data: Uint8Array): KerasWeights {
  const weights: KerasWeights = new Map();
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  for (const spec of specs) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(n);
    const q = spec.quantization;
    if (spec.dtype !== "float32") throw new Error(`weight ${spec.name}: unsupported dtype ${spec.dtype}`);
    if (q === undefined) {
      for (let i = 0; i < n; i++) values[i] = view.getFloat32(at + 4 * i, true);
      at += 4 * n;
    } else if (q.dtype === "uint8" || q.dtype === "uint16") {
      if (q.min === undefined || q.scale === undefined) {
        throw new Error(`weight ${spec.name}: quantisation without min/scale is not supported`);
      }
      const wide = q.dtype === "uint16";
      for (let i = 0; i < n; i++) {
        const v = wide ? view.getUint16(at + 2 * i, true) : (data[at + i] as number);
        values[i] = v * q.scale + q.min;
      }
      at += (wide ? 2 : 1) * n;
    } else {
      throw new Error(`weight ${spec.name}: unsupported quantisation ${q.dtype}`);
    }
    if (at > data.length) throw new Error(`weight buffer too short at ${spec.name}`);
    weights.set(spec.name, { shape: spec.shape, data: values });
  }
  if (at !== data.length) throw new Error(`weight buffer has ${data.length - at} unread bytes`);
  return weights;
}
