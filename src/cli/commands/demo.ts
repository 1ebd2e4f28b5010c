// `loff demo` (= `npm start`): the whole LOFF-TA idea on the embedded dataset and backbone.
import { join } from "node:path";
import { Command } from "commander";
import { PROCESS_IO, type CliIo } from "../cli-io.js";
import { isCacheDir, openCacheReader } from "../../cache/index.js";
import { resolveExtractOptions } from "../../extract/pipeline/extract-options.js";
import { runExtraction } from "../../extract/pipeline/run-extraction.js";
import { DEMO_HOME, EMBEDDED_IMAGES } from "../paths.js";
import { createProgress } from "../progress.js";
import { formatExtractSummary } from "./extract.js";
import { formatInspectReport, inspectCache } from "./inspect.js";

interface DemoFlags {
  home: string;
  json?: boolean;
}

/** The `demo` command. */
export function demoCommand(io: CliIo = PROCESS_IO): Command {
  return new Command("demo")
    .description("Extract the embedded dataset with the embedded model (reused if present) and show the cache")
    .option("--home <dir>", "working folder for the demo's cache", DEMO_HOME)
    .option("--json", "print one JSON summary on stdout")
    .action(async (flags: DemoFlags) => {
      const cache = join(flags.home, "cache", "openclipart");
      const log = (line: string): void => void io.err(`${line}\n`);
      if (isCacheDir(cache) && isComplete(cache)) {
        log(`demo: reusing the feature cache at ${cache}`);
      } else {
        log(`demo: step 1 — extracting ${EMBEDDED_IMAGES} once through the frozen backbone into ${cache}`);
        const progress = createProgress("extract", "images", io);
        try {
          const summary = await runExtraction(resolveExtractOptions({ images: EMBEDDED_IMAGES, out: cache }), (d, t) => progress.update(d, t));
          progress.stop();
          if (!flags.json) io.err(formatExtractSummary(summary));
        } finally {
          progress.stop();
        }
      }
      const report = await inspectCache(cache, false);
      io.out(flags.json ? `${JSON.stringify({ cache: report })}\n` : formatInspectReport(report));
    });
}

function isComplete(cache: string): boolean {
  try {
    const r = openCacheReader(cache);
    void r.close();
    return true;
  } catch {
    return false;
  }
}
