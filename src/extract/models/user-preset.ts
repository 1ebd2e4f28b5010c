// User presets: a JSON file describing a model, optionally starting from a built-in preset.
//   { "name": "my-vit", "extends": "dinov2-vitb14", "onnx": "my-vit.onnx", "outputNode": "tokens" }
// "onnx" is resolved against the JSON file's folder. Unknown keys are errors (a typo must not be
// silently ignored), and every field is checked by validateSpec.
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { ModelConfigError } from "./model-error.js";
import { validateSpec, type ModelSpec } from "./model-spec.js";
import { PRESETS, presetNames } from "./presets.js";
import type { ResolvedModel } from "./resolve-model.js";

const SPEC_KEYS = [
  "family",
  "inputHeight",
  "inputWidth",
  "resize",
  "resizeShorter",
  "pixelMean",
  "pixelStd",
  "inputLayout",
  "outputNode",
  "outputLayout",
  "patchSize",
] as const;
const REQUIRED = ["family", "inputHeight", "inputWidth", "resize", "pixelMean", "pixelStd", "inputLayout"];
const KEYS = new Set<string>(["name", "extends", "onnx", "description", ...SPEC_KEYS]);

/** Reads and validates a user preset JSON file. */
export async function readUserPreset(path: string): Promise<ResolvedModel> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new ModelConfigError(`cannot read preset ${path}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ModelConfigError(`preset ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseUserPreset(json, path);
}

/** Validates a parsed user preset; `path` locates the file for messages and the relative "onnx". */
export function parseUserPreset(json: unknown, path: string): ResolvedModel {
  const fail = (msg: string): never => {
    throw new ModelConfigError(`preset ${path}: ${msg}`);
  };
  if (typeof json !== "object" || json === null || Array.isArray(json)) return fail("must be a JSON object");
  const obj = json as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    if (!KEYS.has(k)) fail(`unknown key "${k}" (allowed: ${[...KEYS].join(", ")})`);
  }
  if (typeof obj.name !== "string") fail(`"name" is required and must be a string`);
  let base: Partial<ModelSpec> = {};
  let embedded = false;
  if (obj.extends !== undefined) {
    const parent = typeof obj.extends === "string" ? PRESETS[obj.extends] : undefined;
    if (parent === undefined) fail(`"extends" must name a built-in preset (${presetNames().join(", ")})`);
    base = { ...parent?.spec };
    embedded = parent?.embedded ?? false;
  } else {
    for (const k of REQUIRED) if (obj[k] === undefined) fail(`"${k}" is required (or use "extends")`);
  }
  const spec = { ...base, preset: obj.name } as Record<string, unknown>;
  for (const k of SPEC_KEYS) if (obj[k] !== undefined) spec[k] = obj[k];
  if (spec.outputNode === undefined) spec.outputNode = "";
  // A family change invalidates the parent's family-specific fields unless the user set them.
  if (obj.family !== undefined && obj.family !== base.family) {
    if (obj.patchSize === undefined) delete spec.patchSize;
    if (obj.outputLayout === undefined) delete spec.outputLayout;
  }
  if (spec.resize === "resize" && obj.resizeShorter === undefined) delete spec.resizeShorter;
  const valid = validateSpec(spec as unknown as ModelSpec, `preset ${path}`);
  if (obj.onnx === undefined) {
    if (!embedded) fail(`"onnx" is required: the path of the model file, relative to the preset`);
    return { spec: valid, source: { kind: "embedded" } };
  }
  if (typeof obj.onnx !== "string" || obj.onnx === "") return fail(`"onnx" must be a file path`);
  return { spec: valid, source: { kind: "file", path: resolve(dirname(path), obj.onnx) } };
}
