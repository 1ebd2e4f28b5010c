// Reading a bearer token from a file (never from a flag: flags show up in process listings).
import { readFileSync } from "node:fs";
import { usageError } from "./cli-error.js";

/** The token in `path` (surrounding whitespace removed); undefined when no path is given. */
export function readTokenFile(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  let token: string;
  try {
    token = readFileSync(path, "utf8").trim();
  } catch (err) {
    throw usageError(`cannot read token file ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (token === "") throw usageError(`token file ${path} is empty`);
  return token;
}
