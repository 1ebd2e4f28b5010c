// Runs `loff serve` as a child process on 127.0.0.1:0 and reports the address it bound.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../bin/loff.mjs", import.meta.url));

/** A `loff serve` child process. */
export interface ServeProcess {
  child: ChildProcess;
  address: string;
  /** Resolves with the exit code (or signal name) once the process ends. */
  exited: Promise<number | string>;
}

/** Starts `loff serve --cache-dir dir --address 127.0.0.1:0 ...extra` and waits until it serves. */
export function startServeProcess(dir: string, extra: string[] = []): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, "serve", "--cache-dir", dir, "--address", "127.0.0.1:0", "--log-level", "warn", ...extra], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    let err = "";
    const onData = (chunk: Buffer): void => {
      err += chunk.toString();
      const m = /serving .* on (127\.0\.0\.1:\d+)/.exec(err);
      if (m !== null) {
        child.stderr?.off("data", onData);
        child.stderr?.resume();
        resolve({ child, address: m[1] as string, exited });
      }
    };
    child.stderr?.on("data", onData);
    void exited.then((code) => reject(new Error(`loff serve exited (${code}) before serving:\n${err}`)));
  });
}
