// `loff inspect`: what a cache holds, and with --verify whether every record is intact.
import { Command } from "commander";
import { PROCESS_IO, type CliIo } from "../cli-io.js";
import { describeCache, verifyCache, type CacheDescription, type VerifyReport } from "../../cache/index.js";
import { CliError, EXIT } from "../cli-error.js";

/** The JSON form of `loff inspect --json`. */
export interface InspectReport {
  cache: string;
  complete: boolean;
  samples: number;
  splits: Record<string, number>;
  classes: Record<string, Record<string, number>>;
  grid: [number, number];
  channels: number;
  dtype: string;
  pool: number;
  labelNames: string[];
  model: CacheDescription["manifest"]["model"];
  sizeBytes: number;
  createdAt: string;
  skipped: number;
  verify?: { checked: number; corrupt: number; indexMismatches: number; problems: VerifyReport["problems"] };
}

/** The `inspect` command. */
export function inspectCommand(io: CliIo = PROCESS_IO): Command {
  return new Command("inspect")
    .description("Print a cache's manifest, counts per split and class and size; --verify checks every record")
    .argument("<cache>", "cache directory")
    .option("--verify", "check every record's checksum")
    .option("--json", "print one JSON summary on stdout")
    .action(async (cache: string, flags: { verify?: boolean; json?: boolean }) => {
      const report = await inspectCache(cache, flags.verify === true);
      io.out(flags.json ? `${JSON.stringify(report)}\n` : formatInspectReport(report));
      if (report.verify !== undefined && (report.verify.corrupt > 0 || report.verify.indexMismatches > 0)) {
        throw new CliError(`${report.verify.corrupt} corrupt record(s), ${report.verify.indexMismatches} index mismatch(es) in ${cache}`, EXIT.failure);
      }
    });
}

/** Builds the inspect report of a cache. */
export async function inspectCache(cache: string, verify: boolean): Promise<InspectReport> {
  const d = await describeCache(cache);
  const m = d.manifest;
  const splits: Record<string, number> = {};
  const classes: Record<string, Record<string, number>> = {};
  for (const [name, s] of Object.entries(m.splits)) {
    if (s === undefined) continue;
    splits[name] = s.samples;
    classes[name] = Object.fromEntries(m.labelNames.map((l, i) => [l, s.classCounts[i] ?? 0]));
  }
  const report: InspectReport = {
    cache,
    complete: m.complete,
    samples: m.complete ? Object.values(splits).reduce((a, b) => a + b, 0) : d.records,
    splits,
    classes,
    grid: [m.gridHeight, m.gridWidth],
    channels: m.channels,
    dtype: m.dtype,
    pool: m.pool,
    labelNames: m.labelNames,
    model: m.model,
    sizeBytes: d.sizeBytes,
    createdAt: m.createdAt,
    skipped: m.skipped.length,
  };
  if (verify) {
    const v = await verifyCache(cache);
    report.verify = { checked: v.checked, corrupt: v.corrupt, indexMismatches: v.indexMismatches, problems: v.problems };
  }
  return report;
}

/** Human-readable inspect report. */
export function formatInspectReport(r: InspectReport): string {
  const mb = (r.sizeBytes / 2 ** 20).toFixed(1);
  const lines = [
    `cache     ${r.cache}${r.complete ? "" : "  (INCOMPLETE: an extraction did not finish)"}`,
    `model     ${r.model.preset} (${r.model.family}) output ${r.model.outputNode}, input ${r.model.inputHeight}x${r.model.inputWidth} ${r.model.resize} (${r.model.resampler})`,
    `onnx      sha256 ${r.model.onnxSha256}`,
    `features  ${r.grid[0]}x${r.grid[1]} tokens x ${r.channels} channels, ${r.dtype}, pooling ${r.pool}x${r.pool}`,
    `samples   ${r.samples} (${Object.entries(r.splits).map(([k, v]) => `${k} ${v}`).join(", ")}), ${r.labelNames.length} classes, ${r.skipped} inputs skipped`,
    `size      ${mb} MiB on disk, created ${r.createdAt}`,
    "",
  ];
  const splitNames = Object.keys(r.splits);
  const width = Math.max(5, ...r.labelNames.map((l) => l.length));
  lines.push(`${"class".padEnd(width)}  ${splitNames.map((s) => s.padStart(6)).join("  ")}`);
  for (const l of r.labelNames) {
    lines.push(`${l.padEnd(width)}  ${splitNames.map((s) => String(r.classes[s]?.[l] ?? 0).padStart(6)).join("  ")}`);
  }
  if (r.verify !== undefined) {
    lines.push("", `verify    ${r.verify.checked} records checked, ${r.verify.corrupt} corrupt, ${r.verify.indexMismatches} index mismatches`);
    for (const p of r.verify.problems.slice(0, 20)) lines.push(`corrupt   record ${p.id}: ${p.reason}`);
  }
  return `${lines.join("\n")}\n`;
}
