// Recursive, sorted file listing. Paths are returned relative to the walked folder with "/"
// separators so listings (and the sample ids derived from them) are the same on every platform.
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/** File extensions (lower case, no dot) the decoder accepts. */
export const IMAGE_EXTENSIONS: readonly string[] = ["png", "jpg", "jpeg", "webp", "svg"];

/** True when the file name has an accepted image extension (case-insensitive). */
export function isImageFile(name: string): boolean {
  const dot = name.lastIndexOf(".");
  return dot > 0 && IMAGE_EXTENSIONS.includes(name.slice(dot + 1).toLowerCase());
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Entries of one folder, hidden ones (".name") left out, split into sub-folders and files, each sorted. */
export async function readFolder(dir: string): Promise<{ folders: string[]; files: string[] }> {
  const entries = await readdir(dir, { withFileTypes: true });
  const folders: string[] = [];
  const files: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith(".")) continue;
    // Symbolic links are followed: a dataset assembled from links is still a dataset.
    const isDir = e.isSymbolicLink() ? await isFolder(join(dir, e.name)) : e.isDirectory();
    (isDir ? folders : files).push(e.name);
  }
  return { folders: folders.sort(compareStrings), files: files.sort(compareStrings) };
}

/** True for a folder; false for anything else, a dangling link included (it is reported as a file). */
async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** All files below dir (recursively, hidden entries skipped), as sorted "/"-separated relative paths. */
export async function walkFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (abs: string, rel: string): Promise<void> => {
    const { folders, files } = await readFolder(abs);
    for (const f of files) out.push(rel === "" ? f : `${rel}/${f}`);
    for (const d of folders) await visit(join(abs, d), rel === "" ? d : `${rel}/${d}`);
  };
  await visit(dir, "");
  return out.sort(compareStrings);
}
