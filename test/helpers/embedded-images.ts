// Copies a few images of the embedded dataset into a temp folder, so extraction tests run a real
// model on real pictures in seconds.
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { EMBEDDED_IMAGES } from "../../src/cli/paths.js";

/**
 * Copies the first `perClass` images of the first `classes` embedded classes into `dest`; returns class
 * names. With `copies` > 1 every image is copied that many times under distinct names (longer benchmark
 * runs on machines with many cores).
 */
export function copyEmbeddedSubset(dest: string, classes: number, perClass: number, copies = 1): string[] {
  const names = readdirSync(EMBEDDED_IMAGES).sort().slice(0, classes);
  for (const name of names) {
    mkdirSync(join(dest, name), { recursive: true });
    for (const f of readdirSync(join(EMBEDDED_IMAGES, name)).sort().slice(0, perClass)) {
      for (let k = 0; k < copies; k++) copyFileSync(join(EMBEDDED_IMAGES, name, f), join(dest, name, k === 0 ? f : `copy${k}-${f}`));
    }
  }
  return names;
}
