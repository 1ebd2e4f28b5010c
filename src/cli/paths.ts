// Where the embedded dataset and the demo's working files live, relative to the installed package.
import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** The package root (the folder holding package.json). */
export const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The embedded dataset: public-domain clip art, folder per class (data/README.md). */
export const EMBEDDED_IMAGES = join(PACKAGE_ROOT, "data", "openclipart");

/** Default working folder of the demo (caches, checkpoints); git-ignored. */
export const DEMO_HOME = join(PACKAGE_ROOT, ".loff");
