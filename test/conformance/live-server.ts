// A real `loff serve` child process on 127.0.0.1:0 for the cross-language tests, and the synthetic
// cache they share. The bound address is read from the line the CLI prints once it listens.
import { fileURLToPath } from "node:url";
import { startServe } from "../../src/cli/child-loff.js";
import { createSyntheticCache } from "../helpers/synthetic-cache.js";
import type { Plan } from "./records.js";

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

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

/** Starts `loff serve --cache-dir <cacheDir> --address 127.0.0.1:0` with one CPU augmentation worker. */
export async function startLiveServer(cacheDir: string, extraArgs: string[] = []): Promise<LiveServer> {
  const s = await startServe(["--cache-dir", cacheDir, "--address", "127.0.0.1:0", "--device", "cpu", "--workers", "1", "--log-level", "warn", ...extraArgs]);
  return { address: s.address, close: () => s.stop() };
}
