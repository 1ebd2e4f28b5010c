// Turns the user's `--model` value into a spec and a model source:
//   (absent) | mobilenet-v2        the embedded default
//   <preset>:<path/to/file.onnx>   a built-in preset applied to the user's ONNX file
//   <path/to/preset.json>          a user preset (see user-preset.ts)
// A bare .onnx path is refused: its preprocessing cannot be guessed, and a guess would quietly
// produce wrong features.
import { ModelConfigError } from "./model-error.js";
import { validateSpec, type ModelSpec } from "./model-spec.js";
import { PRESETS, DEFAULT_PRESET, presetNames } from "./presets.js";
import { readUserPreset } from "./user-preset.js";

/** Where the ONNX bytes come from. */
export type ModelSource = { kind: "embedded" } | { kind: "file"; path: string };

/** A resolved `--model` value. */
export interface ResolvedModel {
  spec: ModelSpec;
  source: ModelSource;
}

const usage = "use --model <preset>, --model <preset>:<file.onnx> or --model <preset.json>";

/** Resolves a `--model` value (undefined = the embedded default). */
export async function resolveModel(model: string | undefined): Promise<ResolvedModel> {
  const arg = model ?? DEFAULT_PRESET;
  if (arg.endsWith(".json")) return readUserPreset(arg);
  const colon = arg.indexOf(":");
  const name = colon < 0 ? arg : arg.slice(0, colon);
  const preset = PRESETS[name];
  if (preset === undefined) {
    if (arg.endsWith(".onnx")) {
      throw new ModelConfigError(
        `${arg}: an ONNX file needs a preset for its preprocessing (e.g. --model dinov2-vitb14:${arg}, ` +
          `or a preset JSON); presets: ${presetNames().join(", ")}`,
      );
    }
    throw new ModelConfigError(
      `unknown model preset "${name}" (presets: ${presetNames().join(", ")}); ${usage}`,
    );
  }
  const spec = validateSpec({ ...preset.spec }, `preset ${name}`);
  if (colon >= 0) {
    const path = arg.slice(colon + 1);
    if (path === "") throw new ModelConfigError(`--model ${arg}: the ONNX path after ":" is empty`);
    return { spec, source: { kind: "file", path } };
  }
  if (!preset.embedded) {
    throw new ModelConfigError(`preset ${name} needs an ONNX file: --model ${name}:/path/to/model.onnx`);
  }
  return { spec, source: { kind: "embedded" } };
}
