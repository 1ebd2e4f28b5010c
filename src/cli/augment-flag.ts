// The --augment flag: a preset name, or a policy JSON file (docs/augmentation.md).
import { existsSync, readFileSync } from "node:fs";
import { PolicyError, policyFromJson } from "../augment/index.js";
import type { AugmentationPolicy } from "../gen/loff/v1/augmentation.js";
import { usageError } from "./cli-error.js";

/** The policy named by --augment; undefined when the flag is absent. Bad files are usage errors. */
export function augmentationOf(value: string | undefined): AugmentationPolicy | undefined {
  if (value === undefined) return undefined;
  if (!value.endsWith(".json") && !existsSync(value)) return { preset: value, ops: [] };
  let text: string;
  try {
    text = readFileSync(value, "utf8");
  } catch (err) {
    throw usageError(`cannot read policy file ${value}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return policyFromJson(text);
  } catch (err) {
    if (err instanceof PolicyError) throw usageError(`${value}: ${err.message}`);
    throw err;
  }
}
