// `loff demo` (= `npm start`): the whole LOFF-TA idea on the embedded dataset and backbone.
// Step 1 extracts the images once (reused on later runs); step 2 starts a feature server and two
// trainers on the same cache, LOFF (no augmentation) and LOFF-TA (tensor augmentations), with the
// same head and seed, then prints how they compare and shuts everything down.
import { join } from "node:path";
import { Command, Option } from "commander";
import { isCacheDir, openCacheReader } from "../../cache/index.js";
import { resolveExtractOptions } from "../../extract/pipeline/extract-options.js";
import { runExtraction } from "../../extract/pipeline/run-extraction.js";
import { HEAD_KINDS } from "../../trainer/index.js";
import { startLoff, startServe, type LoffChild } from "../child-loff.js";
import { PROCESS_IO, type CliIo } from "../cli-io.js";
import { CliError, EXIT } from "../cli-error.js";
import { parseNonNegativeInt, parseNumber, parsePositiveInt } from "../parse.js";
import { DEMO_HOME, EMBEDDED_IMAGES } from "../paths.js";
import { createProgress } from "../progress.js";
import { formatExtractSummary } from "./extract.js";

const DATASET = "openclipart";

interface DemoFlags {
  home: string;
  head: string;
  epochs: number;
  lr?: number;
  seed: number;
  json?: boolean;
}

/** Learning rates that train each head well in the demo's few epochs (bench:accuracy uses the same). */
const DEMO_LR: Record<string, number> = { linear: 0.01, mlp: 0.005, vit: 0.001 };

/** One row of the comparison. */
export interface DemoRun {
  name: string;
  augment: string;
  val_accuracy: number;
  mean_class_accuracy: number;
  samples_per_s: number;
  wall_s: number;
}

/** The `demo` command. */
export function demoCommand(io: CliIo = PROCESS_IO): Command {
  return new Command("demo")
    .description("Extract the embedded dataset once, serve it, and train LOFF vs LOFF-TA side by side")
    .option("--home <dir>", "working folder for the demo's cache and checkpoints", DEMO_HOME)
    .addOption(new Option("--head <kind>", "classifier head of both trainers").choices([...HEAD_KINDS]).default("linear"))
    .option("--epochs <n>", "epochs of each trainer", parsePositiveInt, 20)
    .option("--lr <x>", "peak learning rate (default: 0.01 linear, 0.005 mlp, 0.001 vit)", parseNumber)
    .option("--seed <s>", "seed of both trainers", parseNonNegativeInt, 0)
    .option("--json", "print the comparison as one JSON object on stdout")
    .action(async (f: DemoFlags) => {
      const log = (line: string): void => io.err(`${line}\n`);
      const cacheRoot = join(f.home, "cache");
      await ensureCache(join(cacheRoot, DATASET), io, log, f.json === true);
      const runs = await serveAndTrain(f, cacheRoot, log);
      if (f.json) io.out(`${JSON.stringify({ dataset: DATASET, head: f.head, epochs: f.epochs, seed: f.seed, runs })}\n`);
      else io.out(formatDemoTable(runs, f));
    });
}

async function ensureCache(cache: string, io: CliIo, log: (l: string) => void, quiet: boolean): Promise<void> {
  if (isCacheDir(cache) && isComplete(cache)) {
    log(`demo: step 1 — reusing the feature cache at ${cache}`);
    return;
  }
  log(`demo: step 1 — extracting ${EMBEDDED_IMAGES} once through the frozen backbone into ${cache}`);
  const progress = createProgress("extract", "images", io);
  try {
    const summary = await runExtraction(resolveExtractOptions({ images: EMBEDDED_IMAGES, out: cache }), (d, t) => progress.update(d, t));
    progress.stop();
    if (!quiet) io.err(formatExtractSummary(summary));
  } finally {
    progress.stop();
  }
}

function isComplete(cache: string): boolean {
  try {
    void openCacheReader(cache).close();
    return true;
  } catch {
    return false;
  }
}

async function serveAndTrain(f: DemoFlags, cacheRoot: string, log: (l: string) => void): Promise<DemoRun[]> {
  log("demo: step 2 — starting a feature server on a free loopback port");
  const server = await startServe(
    ["--cache-dir", cacheRoot, "--address", "127.0.0.1:0", "--metrics-port", "0", "--metrics-host", "127.0.0.1", "--log-level", "warn"],
    (line) => log(`[server] ${line}`),
  );
  const trainers: LoffChild[] = [];
  try {
    const { address } = server;
    const metrics = server.metricsUrl ?? "(none)";
    log(`demo: server on ${address}; Prometheus metrics at ${metrics}`);
    log(`demo: step 3 — two trainers on the same cache: LOFF (no augmentation) and LOFF-TA (preset loff-ta), ${f.head} head, seed ${f.seed}, ${f.epochs} epochs`);
    const specs = [
      { name: "LOFF", augment: "none" },
      { name: "LOFF-TA", augment: "loff-ta" },
    ];
    const started = performance.now();
    for (const s of specs) {
      const lr = f.lr ?? DEMO_LR[f.head] ?? 0.001;
      const args = ["train", "--server", address, "--dataset", DATASET, "--head", f.head, "--epochs", String(f.epochs), "--lr", String(lr), "--seed", String(f.seed)];
      if (f.head === "vit") args.push("--pool", "2"); // 7x7 tokens: a CPU-sized transformer
      args.push("--augment", s.augment, "--metrics-port", "0", "--run", s.name.toLowerCase(), "--checkpoint", join(f.home, "runs", s.name.toLowerCase()), "--json");
      trainers.push(startLoff(args, (line) => log(`[${s.name}] ${line.replace(/^train: /, "")}`)));
    }
    const results = await Promise.all(trainers.map((t) => t.done));
    const wall = (performance.now() - started) / 1000;
    return results.map((r, i) => {
      const spec = specs[i] as (typeof specs)[number];
      if (r.code !== 0) throw new CliError(`the ${spec.name} trainer failed (exit ${r.code})`, EXIT.failure);
      const s = JSON.parse(r.stdout) as { val_accuracy: number; mean_class_accuracy: number; samples_per_s: number; wall_s?: number };
      return {
        name: spec.name,
        augment: spec.augment,
        val_accuracy: s.val_accuracy,
        mean_class_accuracy: s.mean_class_accuracy,
        samples_per_s: s.samples_per_s,
        wall_s: s.wall_s ?? wall,
      };
    });
  } finally {
    for (const t of trainers) if (t.process.exitCode === null) t.process.kill("SIGTERM");
    await Promise.allSettled([server.stop(), ...trainers.map((t) => t.done)]);
    log("demo: server and trainers stopped");
  }
}

/** The comparison table. */
export function formatDemoTable(runs: DemoRun[], f: Pick<DemoFlags, "head" | "epochs" | "home">): string {
  const rows = runs.map((r) => [r.name, r.augment, `${(100 * r.val_accuracy).toFixed(1)}%`, `${(100 * r.mean_class_accuracy).toFixed(1)}%`, r.samples_per_s.toFixed(0), r.wall_s.toFixed(1)]);
  const header = ["run", "augmentation", "val acc", "mean-class acc", "samples/s", "wall s"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join("  ");
  return [
    "",
    `LOFF vs LOFF-TA on the embedded dataset (${f.head} head, ${f.epochs} epochs, validation without augmentation)`,
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    "",
    `checkpoints: ${join(f.home, "runs")}  (try: loff predict --head ${join(f.home, "runs", "loff-ta")} --images <image or folder>)`,
    "",
  ].join("\n");
}
