// The model store: converted ONNX models kept in the user's cache directory, so a conversion runs
// once per machine. Each model is `<dir>/models/<key>.onnx` beside `<key>.onnx.sha256` (sha256sum
// format). A load re-hashes the file and reconverts when the hash does not match (a truncated or
// edited file); writes go to a temporary file that is renamed into place, so concurrent processes
// and crashes never leave a half-written model under the final name.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

/** A model file in the store with its verified hash. */
export interface StoredModel {
  path: string;
  sha256: string;
  bytes: Uint8Array;
  /** True when this call produced the file (it was missing or damaged). */
  created: boolean;
}

/** The loff cache directory: $LOFF_HOME, else $XDG_CACHE_HOME/loff, else ~/.cache/loff. */
export function loffCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LOFF_HOME) return env.LOFF_HOME;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "loff");
  return join(homedir(), ".cache", "loff");
}

/** Lowercase hex sha256 of some bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Returns the stored model `key`, building and storing it first when missing or damaged. */
export async function ensureStoredModel(
  key: string,
  build: () => Promise<Uint8Array>,
  cacheDir: string = loffCacheDir(),
): Promise<StoredModel> {
  if (!/^[A-Za-z0-9._-]+$/.test(key)) throw new Error(`bad model store key ${JSON.stringify(key)}`);
  const dir = join(cacheDir, "models");
  const path = join(dir, `${key}.onnx`);
  const shaPath = `${path}.sha256`;
  const existing = await readVerified(path, shaPath);
  if (existing !== undefined) return { path, sha256: sha256Hex(existing), bytes: existing, created: false };
  const bytes = await build();
  const sha256 = sha256Hex(bytes);
  await mkdir(dir, { recursive: true });
  // Model first, hash second: a crash in between leaves a hash mismatch, which the next load repairs.
  await writeAtomic(path, bytes);
  await writeAtomic(shaPath, `${sha256}  ${key}.onnx\n`);
  return { path, sha256, bytes, created: true };
}

async function readVerified(path: string, shaPath: string): Promise<Uint8Array | undefined> {
  try {
    const [bytes, recorded] = await Promise.all([readFile(path), readFile(shaPath, "utf8")]);
    return recorded.split(/\s/)[0] === sha256Hex(bytes) ? bytes : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
