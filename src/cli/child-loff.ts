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
export function startLoff(args: string[], onLine: (line: string) => void, env?: NodeJS.ProcessEnv): LoffChild {
  const child = spawn(process.execPath, [LOFF_BIN, ...args], { stdio: ["ignore", "pipe", "pipe"], ...(env !== undefined ? { env } : {}) });
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

/** A `loff serve` child that is listening. */
export interface ServeChild extends LoffChild {
  /** host:port it bound (port 0 resolved). */
  address: string;
  /** Its /metrics URL when started with --metrics-port. */
  metricsUrl?: string;
  /** Sends `signal` (default SIGTERM: a graceful drain) unless it has exited, and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** The line `loff serve` prints once it listens. */
const SERVING = /serving .* on (\S+:\d+)(?:, metrics on (\S+))?$/;

/**
 * Starts `loff serve <args>` and resolves once it listens (rejects if it exits first). Stderr lines
 * other than the "serving" line go to `onLine`.
 */
export function startServe(args: string[], onLine: (line: string) => void = () => {}): Promise<ServeChild> {
  let listening: (m: RegExpExecArray) => void = () => {};
  const ready = new Promise<RegExpExecArray>((resolve) => (listening = resolve));
  const lines: string[] = [];
  const child = startLoff(["serve", ...args], (line) => {
    const m = SERVING.exec(line);
    if (m !== null) listening(m);
    else {
      lines.push(line);
      onLine(line);
    }
  });
  const exited = child.done.then(({ code }) => {
    throw new Error(`loff serve exited (${code}) before listening: ${lines.join(" | ")}`);
  });
  exited.catch(() => {});
  return Promise.race([ready, exited]).then((m) => ({
    ...child,
    address: m[1] as string,
    ...(m[2] !== undefined ? { metricsUrl: m[2] } : {}),
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill(signal);
      await child.done;
    },
  }));
}
