// The cross-language conformance run: one server, the plan's cases read by the TypeScript, Python
// and Go clients, every record compared with the TypeScript one.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildPlanCache, startLiveServer } from "./live-server.js";
import { GO_MODULE_DIR, goEnv, prepareGoVendor, pythonExecutable, runCommand } from "./polyglot-tools.js";
import { compareRuns, readKnownDifferences, readPlan, type Comparison, type RunRecord } from "./records.js";
import { runTypeScript } from "./run-typescript.js";

/** The committed plan. */
export const PLAN_PATH = fileURLToPath(new URL("./plan.json", import.meta.url));
/** The committed list of accepted differences. */
export const KNOWN_DIFFERENCES_PATH = fileURLToPath(new URL("./known-differences.json", import.meta.url));
const PYTHON_RUNNER = fileURLToPath(new URL("./run_python.py", import.meta.url));

/** What a conformance run found. */
export interface ConformanceReport extends Comparison {
  runs: RunRecord[];
  /** Seconds each language took (toolchain start-up included). */
  seconds: Record<string, number>;
}

async function timed<T>(seconds: Record<string, number>, name: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await f();
  } finally {
    seconds[name] = (performance.now() - t0) / 1000;
  }
}

function parseRun(language: string, r: { code: number; stdout: string; stderr: string }): RunRecord {
  if (r.code !== 0) throw new Error(`the ${language} runner failed (exit ${r.code}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as RunRecord;
}

/** Runs the whole comparison against a fresh server over a fresh synthetic cache. */
export async function runConformance(): Promise<ConformanceReport> {
  const plan = readPlan(PLAN_PATH);
  const known = readKnownDifferences(KNOWN_DIFFERENCES_PATH);
  const work = mkdtempSync(join(tmpdir(), "loff-conformance-"));
  const seconds: Record<string, number> = {};
  try {
    const [cacheDir] = await Promise.all([buildPlanCache(work, plan), prepareGoVendor()]);
    const server = await startLiveServer(cacheDir);
    try {
      const ts = await timed(seconds, "typescript", () => runTypeScript(plan, server.address));
      const py = await timed(seconds, "python", async () =>
        parseRun("python", await runCommand(pythonExecutable(), [PYTHON_RUNNER, "--plan", PLAN_PATH, "--address", server.address])),
      );
      const go = await timed(seconds, "go", async () =>
        parseRun("go", await runCommand("go", ["run", "./cmd/loff-conformance", "-plan", PLAN_PATH, "-address", server.address], { cwd: GO_MODULE_DIR, env: goEnv() })),
      );
      return { ...compareRuns(plan, ts, [py, go], known), runs: [ts, py, go], seconds };
    } finally {
      await server.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
