// Finds the images to extract in a folder-per-class layout and assigns labels, splits and ids.
//
//   <root>/<class>/**/<image>                  a seeded, stratified validation split is drawn
//   <root>/train/<class>/**/<image> + <root>/val/<class>/**/<image>   the given split is used
//
// Ids are positions in a fully deterministic order (split, label, relative path), so the same
// folder always yields the same ids: a resumed extraction can skip what is already cached.
import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ExtractInputError } from "../extract-input-error.js";
import { splitClass } from "./stratified-split.js";
import { IMAGE_EXTENSIONS, compareStrings, isImageFile, readFolder, walkFiles } from "./walk-files.js";

/** One image to extract. */
export interface ImageSource {
  /** Position in the listing (0..n-1), ordered by (split, label, relPath). */
  id: number;
  /** Absolute path of the file. */
  path: string;
  /** Path relative to the root, "/"-separated (e.g. "cat/a.png" or "train/cat/a.png"). */
  relPath: string;
  /** Index into SourceListing.labelNames. */
  label: number;
  /** Which split the image belongs to. */
  split: "train" | "val";
}

/** The result of scanning an image folder. */
export interface SourceListing {
  /** Absolute path of the scanned folder. */
  root: string;
  /** Class names in code-unit order; a label is an index into this list. */
  labelNames: string[];
  /** Every accepted image, ordered by (split, label, relPath), ids 0..n-1. */
  items: ImageSource[];
  /** Files skipped because they are not images or lie outside any class folder (relative paths, sorted). */
  nonImages: string[];
}

/** Options of listImageSources. */
export interface SourceOptions {
  /** Fraction of each class held out for validation when there are no train/val folders; [0, 1), default 0.2. */
  valFraction?: number;
  /** Seed of the validation split; a non-negative integer, default 0. */
  seed?: number;
}

/** Defaults of SourceOptions, written down once. */
export const DEFAULT_SOURCE_OPTIONS: Readonly<Required<SourceOptions>> = Object.freeze({
  valFraction: 0.2,
  seed: 0,
});

const SPLIT_ORDER = { train: 0, val: 1 } as const;

interface ClassFolders {
  /** Class name -> sorted image paths relative to the listing root. */
  classes: Map<string, string[]>;
  nonImages: string[];
}

/** Scans root and returns the labelled, split and numbered list of images. Throws ExtractInputError on bad input. */
export async function listImageSources(root: string, opts: SourceOptions = {}): Promise<SourceListing> {
  const { valFraction, seed } = resolveSourceOptions(opts);
  const abs = resolve(root);
  await requireFolder(abs, root);
  const top = await readFolder(abs);
  if (top.folders.length === 0 && top.files.length === 0) throw new ExtractInputError(`image folder ${root} is empty`);
  const hasTrain = top.folders.includes("train");
  const hasVal = top.folders.includes("val");
  if (hasTrain !== hasVal) {
    throw new ExtractInputError(
      `${root} has a "${hasTrain ? "train" : "val"}" folder but no "${hasTrain ? "val" : "train"}" folder: ` +
        `use both (pre-split layout) or class folders only`,
    );
  }
  const entries: Array<Omit<ImageSource, "id" | "path">> = [];
  let labelNames: string[];
  // Files directly under root are outside any class folder (scanClasses reports them in the class layout).
  const nonImages = hasTrain ? [...top.files] : [];

  if (hasTrain) {
    const train = await scanClasses(join(abs, "train"), "train/", `${root}/train`);
    const val = await scanClasses(join(abs, "val"), "val/", `${root}/val`, { allowEmptyClasses: true });
    labelNames = [...train.classes.keys()];
    const unknown = [...val.classes.keys()].filter((c) => !train.classes.has(c));
    if (unknown.length > 0) {
      throw new ExtractInputError(
        `val class "${unknown[0]}" has no train folder (train classes: ${labelNames.join(", ")})`,
      );
    }
    nonImages.push(...train.nonImages, ...val.nonImages);
    labelNames.forEach((name, label) => {
      for (const relPath of train.classes.get(name) ?? []) entries.push({ relPath, label, split: "train" });
      for (const relPath of val.classes.get(name) ?? []) entries.push({ relPath, label, split: "val" });
    });
  } else {
    const scanned = await scanClasses(abs, "", root);
    labelNames = [...scanned.classes.keys()];
    nonImages.push(...scanned.nonImages);
    labelNames.forEach((name, label) => {
      const { train, val } = splitClass(scanned.classes.get(name) ?? [], valFraction, seed, name);
      for (const relPath of train) entries.push({ relPath, label, split: "train" });
      for (const relPath of val) entries.push({ relPath, label, split: "val" });
    });
  }

  entries.sort(
    (a, b) =>
      SPLIT_ORDER[a.split] - SPLIT_ORDER[b.split] ||
      a.label - b.label ||
      compareStrings(a.relPath, b.relPath),
  );
  const items = entries.map((e, id) => ({ id, path: join(abs, ...e.relPath.split("/")), ...e }));
  return { root: abs, labelNames, items, nonImages: nonImages.sort(compareStrings) };
}

/** Merges options over the defaults and rejects out-of-range values (never clamps). */
export function resolveSourceOptions(opts: SourceOptions): Required<SourceOptions> {
  const valFraction = opts.valFraction ?? DEFAULT_SOURCE_OPTIONS.valFraction;
  const seed = opts.seed ?? DEFAULT_SOURCE_OPTIONS.seed;
  if (!(valFraction >= 0 && valFraction < 1)) {
    throw new ExtractInputError(`validation fraction must be in [0, 1), got ${valFraction}`);
  }
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new ExtractInputError(`seed must be a non-negative integer, got ${seed}`);
  return { valFraction, seed };
}

async function requireFolder(abs: string, shown: string): Promise<void> {
  let isDir: boolean;
  try {
    isDir = (await stat(abs)).isDirectory();
  } catch {
    throw new ExtractInputError(`image folder ${shown} does not exist`);
  }
  if (!isDir) throw new ExtractInputError(`${shown} is not a folder`);
}

/** Reads the class folders of dir; files directly in dir are reported as non-images. */
async function scanClasses(
  dir: string,
  relPrefix: string,
  shown: string,
  { allowEmptyClasses = false } = {},
): Promise<ClassFolders> {
  const { folders, files } = await readFolder(dir);
  if (folders.length === 0) {
    throw new ExtractInputError(`no class folders in ${shown}: expected ${shown}/<class>/<image> files`);
  }
  const classes = new Map<string, string[]>();
  const nonImages = files.map((f) => `${relPrefix}${f}`);
  for (const name of folders) {
    const images: string[] = [];
    for (const rel of await walkFiles(join(dir, name))) {
      const relPath = `${relPrefix}${name}/${rel}`;
      (isImageFile(rel) ? images : nonImages).push(relPath);
    }
    classes.set(name, images);
  }
  const total = [...classes.values()].reduce((n, list) => n + list.length, 0);
  if (total === 0 && !allowEmptyClasses) {
    throw new ExtractInputError(`no images (${IMAGE_EXTENSIONS.join(", ")}) under ${shown}`);
  }
  for (const [name, list] of classes) {
    if (list.length > 0) continue;
    // An empty train class would be a label no sample carries; in val it just means no val samples.
    if (!allowEmptyClasses) throw new ExtractInputError(`class folder ${shown}/${name} has no images`);
    classes.delete(name);
  }
  return { classes, nonImages };
}
