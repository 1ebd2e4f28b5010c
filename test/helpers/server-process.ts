// Runs `loff serve` as a child process on 127.0.0.1:0 and reports the address it bound.
import type { ChildProcess } from "node:child_process";
import { startServe } from "../../src/cli/child-loff.js";

/** A `loff serve` child process. */
export interface ServeProcess {
  child: ChildProcess;
  address: string;
  /** Resolves with the exit code (or signal name) once the process ends. */
  exited: Promise<number | string>;
}

/** Starts `loff serve --cache-dir dir --address 127.0.0.1:0 ...extra` and waits until it serves. */
export async function startServeProcess(dir: string, extra: string[] = []): Promise<ServeProcess> {
  const s = await startServe(["--cache-dir", dir, "--address", "127.0.0.1:0", "--log-level", "warn", ...extra]);
  const exited = s.done.then(({ code }) => s.process.signalCode ?? code);
  return { child: s.process, address: s.address, exited };
}
