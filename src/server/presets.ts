// The augmentation presets a dataset can use, expanded against its grid for GetDatasetInfo.
import type { AugmentationPolicy } from "../gen/loff/v1/augmentation.js";
import type { AugmentEngine } from "./augment-port.js";
import type { Dataset } from "./dataset-registry.js";

/** Every preset of `engine` that fits the dataset's grid, expanded to its operations. */
export function presetsFor(engine: AugmentEngine | undefined, d: Dataset): Array<{ name: string; policy: AugmentationPolicy }> {
  if (engine === undefined) return [];
  const m = d.reader.manifest;
  const shape = { height: m.gridHeight, width: m.gridWidth, channels: m.channels };
  const out: Array<{ name: string; policy: AugmentationPolicy }> = [];
  for (const name of [...engine.presets.keys()].sort()) {
    try {
      out.push({ name, policy: engine.resolvePolicy(name, shape).policy });
    } catch {
      // A preset that does not fit this grid is simply not offered for it.
    }
  }
  return out;
}
