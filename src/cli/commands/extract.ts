// `loff extract`: images -> frozen model -> LMDB feature cache.
import { Command } from "commander";
import { PROCESS_IO, type CliIo } from "../cli-io.js";
import { ExtractInputError } from "../../extract/extract-input-error.js";
import { ModelConfigError } from "../../extract/models/model-error.js";
import { resolveExtractOptions } from "../../extract/pipeline/extract-options.js";
import type { ExtractSummary } from "../../extract/pipeline/extract-summary.js";
import { runExtraction } from "../../extract/pipeline/run-extraction.js";
import { usageError } from "../cli-error.js";
import { parseNumber, parseNonNegativeInt, parsePositiveInt } from "../parse.js";
import { createProgress } from "../progress.js";

interface ExtractFlags {
  images: string;
  out: string;
  model?: string;
  output?: string;
  pool?: number;
  batchSize?: number;
  valFraction?: number;
  seed?: number;
  overwrite?: boolean;
  workers?: number;
  json?: boolean;
}

/** The `extract` command. */
export function extractCommand(io: CliIo = PROCESS_IO): Command {
  return new Command("extract")
    .description("Run images once through a frozen model and cache the token grids (fp16) in LMDB")
    .requiredOption("--images <dir>", "image folder: one sub-folder per class (optionally under train/ and val/)")
    .requiredOption("--out <cache>", "cache directory to create or extend")
    .option("--model <model>", "model preset, ONNX file or preset JSON (default: the embedded MobileNetV2)")
    .option("--output <node>", "model output holding the tokens (default: the preset's)")
    .option("--pool <k>", "k x k average pooling of the token grid", parsePositiveInt)
    .option("--batch-size <n>", "images per inference batch", parsePositiveInt)
    .option("--val-fraction <f>", "fraction per class held out for validation without a val/ folder", parseNumber)
    .option("--seed <s>", "seed of the validation split", parseNonNegativeInt)
    .option("--overwrite", "replace a cache made with another model or preprocessing")
    .option("--workers <n>", "worker threads, each decoding its batches and running a single-threaded model session (default: one per core)", parsePositiveInt)
    .option("--json", "print one JSON summary on stdout")
    .action(async (flags: ExtractFlags) => {
      let opts;
      try {
        opts = resolveExtractOptions(flags);
      } catch (err) {
        if (err instanceof ExtractInputError) throw usageError(err.message);
        throw err;
      }
      const progress = createProgress("extract", "images", io);
      let summary: ExtractSummary;
      try {
        summary = await runExtraction(opts, (done, total) => progress.update(done, total));
      } catch (err) {
        // A model the user named wrongly is bad usage (exit 2), not a failure of the run.
        if (err instanceof ModelConfigError || err instanceof ExtractInputError) throw usageError(err.message);
        throw err;
      } finally {
        progress.stop();
      }
      if (flags.json) {
        io.out(`${JSON.stringify(summary)}\n`);
        return;
      }
      io.out(formatExtractSummary(summary));
    });
}

/** Human-readable summary of a run. */
export function formatExtractSummary(s: ExtractSummary): string {
  const lines = [
    `cache      ${s.cache}`,
    `images     ${s.images} found, ${s.extracted} extracted, ${s.reused} already cached, ${s.skipped.length} skipped`,
    `splits     ${Object.entries(s.splits).map(([k, v]) => `${k} ${v}`).join(", ")}`,
    `features   ${s.grid[0]}x${s.grid[1]} tokens x ${s.channels} channels (fp16)`,
    `time       ${s.seconds.toFixed(1)} s (${s.imagesPerSecond.toFixed(1)} images/s)`,
  ];
  for (const k of s.skipped.slice(0, 20)) lines.push(`skipped    ${k.path}: ${k.reason}`);
  if (s.skipped.length > 20) lines.push(`skipped    ... and ${s.skipped.length - 20} more (see --json)`);
  return `${lines.join("\n")}\n`;
}
