// Writing a directory of files so readers see either the old complete version or the new one.
// Files go to a temp sibling (fsynced), then the live directory is moved aside and the temp one
// renamed into place. The only window without `name` is between those two renames; a reader then
// finds the complete previous version under `.old-<name>-*` (resolveAtomicDir).
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, open, readdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";

async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Atomically replaces `root/name` with a directory holding `files`. Returns its path. */
export async function writeDirAtomic(root: string, name: string, files: ReadonlyArray<readonly [string, string | Uint8Array]>): Promise<string> {
  await mkdir(root, { recursive: true });
  const tmp = await mkdtemp(join(root, `.tmp-${name}-`));
  try {
    for (const [file, data] of files) {
      const fh = await open(join(tmp, file), "w");
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
    await fsyncPath(tmp);
    const target = join(root, name);
    const old = existsSync(target) ? join(root, `.old-${name}-${randomBytes(6).toString("hex")}`) : undefined;
    if (old !== undefined) await rename(target, old);
    await rename(tmp, target);
    await fsyncPath(root);
    if (old !== undefined) await rm(old, { recursive: true, force: true });
    return target;
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** The path of `root/name`, or of its moved-aside previous version after a crash mid-swap; undefined if neither exists. */
export async function resolveAtomicDir(root: string, name: string): Promise<string | undefined> {
  const target = join(root, name);
  if (existsSync(target)) return target;
  if (!existsSync(root)) return undefined;
  const olds = (await readdir(root)).filter((f) => f.startsWith(`.old-${name}-`));
  let newest: { path: string; mtime: number } | undefined;
  for (const f of olds) {
    const p = join(root, f);
    const m = (await stat(p)).mtimeMs;
    if (newest === undefined || m > newest.mtime) newest = { path: p, mtime: m };
  }
  return newest?.path;
}
