// A real `loff serve` child process on 127.0.0.1:0 for the cross-language tests, and the synthetic
// cache they share. The bound address is read from the line the CLI prints once it listens.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createSyntheticCache } from "../helpers/synthetic-cache.js";
import type { Plan } from "./records.js";

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The `loff` entry point. */
const LOFF_BIN = fileURLToPath(new URL("../../bin/loff.mjs", import.meta.url));

/** A running server. */
export interface LiveServer {
  address: string;
  /** Sends SIGTERM (graceful: open streams end with UNAVAILABLE) and waits for the exit. */
  close(): Promise<void>;
}

/** Builds the synthetic cache described by the plan under `parent`; returns its directory. */
export async function buildPlanCache(parent: string, plan: Plan): Promise<string> {
  const { dir } = await createSyntheticCache(parent, plan.dataset, plan.cache);
  return dir;
}

const LISTENING = / on (\S+:\d+)/;

/** Starts `loff serve --cache-dir <cacheDir> --address 127.0.0.1:0` with one CPU augmentation worker. */
export function startLiveServer(cacheDir: string, extraArgs: string[] = []): Promise<LiveServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [LOFF_BIN, "serve", "--cache-dir", cacheDir, "--address", "127.0.0.1:0", "--device", "cpu", "--workers", "1", "--log-level", "warn", ...extraArgs],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let stderr = "";
    const onData = (d: Buffer): void => {
      stderr += d.toString();
      const m = LISTENING.exec(stderr);
      if (m?.[1] === undefined) return;
      child.stderr?.off("data", onData);
      child.stderr?.resume();
      resolve({
        address: m[1],
        close: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
          await exited;
        },
      });
    };
    child.stderr?.on("data", onData);
    child.once("error", reject);
    void exited.then(() => reject(new Error(`loff serve exited before listening:\n${stderr}`)));
  });
}
