// Running `loff` subcommands as child processes (the demo's server and trainers run in parallel,
// one process each, as they would on real machines).
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Path of the `loff` entry point. */
export const LOFF_BIN = fileURLToPath(new URL("../../bin/loff.mjs", import.meta.url));

/** A running `loff` child with its output split into lines. */
export interface LoffChild {
  process: ChildProcess;
  /** Resolves with the exit code and everything written to stdout. */
  done: Promise<{ code: number; stdout: string }>;
}

/** Starts `loff <args>`; every stderr line goes to `onLine`. */
export function startLoff(args: string[], onLine: (line: string) => void): LoffChild {
  const child = spawn(process.execPath, [LOFF_BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let pending = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => {
    pending += d.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const l of lines) if (l.trim() !== "") onLine(l);
  });
  const done = new Promise<{ code: number; stdout: string }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      if (pending.trim() !== "") onLine(pending);
      resolve({ code: code ?? 1, stdout });
    });
  });
  return { process: child, done };
}
