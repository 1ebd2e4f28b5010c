// Reading the manifest from the meta database and deciding whether two caches were made the same way.
import type { Database } from "lmdb";
import { CacheError } from "./cache-error.js";
import { META, strKey } from "./keys.js";
import { CACHE_FORMAT_VERSION, type Manifest } from "./manifest.js";

/** Reads and checks the manifest; throws CacheError("format") when missing or of another version. */
export function readManifest(meta: Database<Buffer, Buffer>, dir: string): Manifest {
  const raw = meta.getBinary(strKey(META.manifest));
  if (raw === undefined) throw new CacheError("format", `${dir} has no manifest`);
  let m: Manifest;
  try {
    m = JSON.parse(Buffer.from(raw).toString("utf8")) as Manifest;
  } catch {
    throw new CacheError("format", `${dir} has an unreadable manifest`);
  }
  if (m.formatVersion !== CACHE_FORMAT_VERSION) {
    throw new CacheError("format", `${dir} has cache format ${String(m.formatVersion)}; this loff reads format ${CACHE_FORMAT_VERSION}`);
  }
  return m;
}

/** Fields that make two caches the same cache, with how they are named in errors. */
const IDENTITY: Array<[string, (m: Pick<Manifest, "model" | "gridHeight" | "gridWidth" | "channels" | "pool" | "labelNames">) => unknown]> = [
  ["model preset", (m) => m.model.preset],
  ["ONNX sha256", (m) => m.model.onnxSha256],
  ["output node", (m) => m.model.outputNode],
  ["input size", (m) => [m.model.inputHeight, m.model.inputWidth]],
  ["resize", (m) => [m.model.resize, m.model.resizeShorter, m.model.resampler]],
  ["normalisation", (m) => [m.model.pixelMean, m.model.pixelStd]],
  ["input layout", (m) => m.model.inputLayout],
  ["pooling", (m) => m.pool],
  ["grid", (m) => [m.gridHeight, m.gridWidth, m.channels]],
  ["label names", (m) => m.labelNames],
];

/** Why `existing` cannot be extended with features made per `draft`, or undefined when it can. */
export function compatibilityProblem(
  existing: Manifest,
  draft: Pick<Manifest, "model" | "gridHeight" | "gridWidth" | "channels" | "pool" | "labelNames">,
): string | undefined {
  for (const [name, get] of IDENTITY) {
    const a = JSON.stringify(get(existing));
    const b = JSON.stringify(get(draft));
    if (a !== b) return `${name} ${a} vs ${b}`;
  }
  return undefined;
}
