// bench:accuracy — validation accuracy of LOFF (no augmentation) vs LOFF-TA (preset loff-ta) on the
// embedded dataset with the embedded backbone, for the linear and vit heads, mean ± sd over seeds,
// with a linear probe on mean-pooled features as the reference. Each pair of runs (same head and
// seed, with and without augmentation) trains concurrently as two `loff train` processes against one
// `loff serve`. Writes the table into docs/results.md between markers; `-- --json` prints one line.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openCacheReader } from "../src/cache/index.js";
import { startLoff, startServe } from "../src/cli/child-loff.js";
import { DEMO_HOME, EMBEDDED_IMAGES, PACKAGE_ROOT } from "../src/cli/paths.js";
import { resolveExtractOptions } from "../src/extract/pipeline/extract-options.js";
import { runExtraction } from "../src/extract/pipeline/run-extraction.js";
import { parseBenchArgs } from "./lib/bench-args.js";
import { linearProbeAccuracy, pooledFeatures } from "./lib/linear-probe.js";

const args = parseBenchArgs();
const seeds = args.numbers.get("seeds") ?? 3;
const DATASET = "openclipart";
const cacheRoot = join(DEMO_HOME, "cache");
const cache = join(cacheRoot, DATASET);

/** Head configurations: CPU-sized, the same for LOFF and LOFF-TA. */
const HEADS = [
  { head: "linear", flags: ["--epochs", String(args.numbers.get("linear-epochs") ?? 20), "--lr", "0.01"] },
  { head: "vit", flags: ["--epochs", String(args.numbers.get("vit-epochs") ?? 12), "--lr", "0.001", "--pool", "2", "--dim", "128", "--depth", "2", "--heads", "4"] },
];
const AUGMENTS = [
  { name: "LOFF", augment: "none" },
  { name: "LOFF-TA", augment: "loff-ta" },
];

const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function ensureCache(): Promise<void> {
  try {
    await openCacheReader(cache).close();
  } catch {
    log(`bench:accuracy: extracting ${EMBEDDED_IMAGES} into ${cache}`);
    await runExtraction(resolveExtractOptions({ images: EMBEDDED_IMAGES, out: cache }));
  }
}

function meanSd(xs: number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, sd };
}

await ensureCache();
const reader = openCacheReader(cache);
const manifest = reader.manifest;
log("bench:accuracy: linear probe on mean-pooled features");
const probe = linearProbeAccuracy(pooledFeatures(reader, "train"), pooledFeatures(reader, "val"), manifest.labelNames.length, { l2: 1e-2 });
await reader.close();

const server = await startServe(["--cache-dir", cacheRoot, "--address", "127.0.0.1:0", "--log-level", "warn"], (line) => log(`[server] ${line}`));
const results: Array<{ head: string; run: string; seed: number; val_accuracy: number; samples_per_s: number }> = [];
try {
  const { address } = server;
  for (const h of HEADS) {
    for (let seed = 0; seed < seeds; seed++) {
      log(`bench:accuracy: ${h.head} head, seed ${seed}: LOFF and LOFF-TA`);
      const runs = AUGMENTS.map((a) =>
        startLoff(["train", "--server", address, "--dataset", DATASET, "--head", h.head, "--seed", String(seed), "--augment", a.augment, ...h.flags, "--json"], () => {}),
      );
      const outs = await Promise.all(runs.map((r) => r.done));
      outs.forEach((o, i) => {
        if (o.code !== 0) throw new Error(`${h.head} ${AUGMENTS[i]?.name} seed ${seed} failed (exit ${o.code})`);
        const s = JSON.parse(o.stdout) as { val_accuracy: number; samples_per_s: number };
        results.push({ head: h.head, run: AUGMENTS[i]?.name as string, seed, val_accuracy: s.val_accuracy, samples_per_s: s.samples_per_s });
        log(`  ${AUGMENTS[i]?.name}: val accuracy ${(100 * s.val_accuracy).toFixed(1)}%`);
      });
    }
  }
} finally {
  await server.stop();
}

const rows = HEADS.flatMap((h) =>
  AUGMENTS.map((a) => {
    const accs = results.filter((r) => r.head === h.head && r.run === a.name).map((r) => r.val_accuracy);
    return { head: h.head, run: a.name, ...meanSd(accs), seeds: accs.length, flags: h.flags.join(" ") };
  }),
);
const pct = (x: number): string => (100 * x).toFixed(1);
const table = [
  `Embedded dataset (${manifest.labelNames.length} classes, ${manifest.splits.train?.samples} train / ${manifest.splits.val?.samples} val), backbone \`${manifest.model.preset}\` output \`${manifest.model.outputNode}\` (${manifest.gridHeight}×${manifest.gridWidth}×${manifest.channels}), validation without augmentation, final epoch, mean ± sd over ${seeds} seeds. Produced by \`npm run bench:accuracy\` on ${new Date().toISOString().slice(0, 10)}.`,
  "",
  "| head | training flags | LOFF (no augmentation) | LOFF-TA (`loff-ta`) |",
  "|---|---|---|---|",
  ...HEADS.map((h) => {
    const cell = (name: string): string => {
      const r = rows.find((x) => x.head === h.head && x.run === name);
      return r === undefined ? "–" : `${pct(r.mean)} ± ${pct(r.sd)} %`;
    };
    return `| ${h.head} | \`${h.flags.join(" ")}\` | ${cell("LOFF")} | ${cell("LOFF-TA")} |`;
  }),
  `| linear probe (reference) | logistic regression on mean-pooled features, L2 1e-2 | ${pct(probe)} % | – |`,
  "",
].join("\n");

const resultsPath = join(PACKAGE_ROOT, "docs", "results.md");
const START = "<!-- bench:accuracy:start -->";
const END = "<!-- bench:accuracy:end -->";
let doc: string;
try {
  doc = readFileSync(resultsPath, "utf8");
} catch {
  doc = `# Results\n\n## LOFF vs LOFF-TA (TypeScript trainer)\n\n${START}\n${END}\n`;
}
if (!doc.includes(START)) doc += `\n## LOFF vs LOFF-TA (TypeScript trainer)\n\n${START}\n${END}\n`;
doc = doc.replace(new RegExp(`${START}[\\s\\S]*${END}`), `${START}\n${table}${END}`);
writeFileSync(resultsPath, doc);

if (args.json) console.log(JSON.stringify({ probe_val_accuracy: probe, rows, runs: results }));
else console.log(`\n${table}`);
