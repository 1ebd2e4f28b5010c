// The op registry: one entry per contract op, keyed by its `$case`; building it twice with the
// same name is a programming error and throws.
import type { OpDef, OpName } from "./op-def.js";
import { brightnessContrast } from "./brightness-contrast.js";
import { gaussianNoise } from "./gaussian-noise.js";
import { horizontalFlip } from "./horizontal-flip.js";
import { randomResizedCrop } from "./random-resized-crop.js";
import { tokenDropout } from "./token-dropout.js";
import { translate } from "./translate.js";
import { trivialAugment } from "./trivial-augment.js";
import { verticalFlip } from "./vertical-flip.js";

/** Any op definition. */
export type AnyOpDef = { [K in OpName]: OpDef<K> }[OpName];

function buildRegistry(defs: readonly AnyOpDef[]): ReadonlyMap<string, AnyOpDef> {
  const map = new Map<string, AnyOpDef>();
  for (const d of defs) {
    if (map.has(d.name)) throw new Error(`duplicate augmentation op ${d.name}`);
    map.set(d.name, d);
  }
  return map;
}

/** All ops by `$case` name. */
export const OPS: ReadonlyMap<string, AnyOpDef> = buildRegistry([
  horizontalFlip,
  verticalFlip,
  randomResizedCrop,
  gaussianNoise,
  translate,
  brightnessContrast,
  tokenDropout,
  trivialAugment,
]);

/** The definition of op `name`; throws for unknown names. */
export function opDef<K extends OpName>(name: K): OpDef<K> {
  const d = OPS.get(name);
  if (d === undefined) throw new Error(`unknown augmentation op ${name}`);
  return d as unknown as OpDef<K>;
}
