// `loff train`: fit a classifier head on a feature server's stream (LOFF-TA step 2).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Command, Option } from "commander";
import { createMetricsRegistry } from "../../metrics/index.js";
import { startMetricsServer, type MetricsServer } from "../../metrics/metrics-http.js";
import { createTrainerMetrics } from "../../metrics/trainer-metrics.js";
import { BACKEND_CHOICES, HEAD_KINDS, resolveTrainOptions, runTraining, type TrainOptions, type TrainProgress, type TrainSummary } from "../../trainer/index.js";
import { createRemoteBatchStreams } from "../../trainer/remote-streams.js";
import { augmentationOf } from "../augment-flag.js";
import { PROCESS_IO, type CliIo } from "../cli-io.js";
import { usageError } from "../cli-error.js";
import { parseNonNegativeInt, parseNumber, parsePositiveInt } from "../parse.js";
import { readTokenFile } from "../token-file.js";

interface TrainFlags {
  server: string;
  dataset: string;
  head: TrainOptions["head"];
  epochs?: number;
  batchSize?: number;
  lr?: number;
  weightDecay?: number;
  labelSmoothing?: number;
  dim?: number;
  depth?: number;
  heads?: number;
  pool?: number;
  augment: string;
  seed?: number;
  checkpoint?: string;
  resume?: boolean;
  metricsPort?: number;
  backend?: TrainOptions["backend"];
  tokenFile?: string;
  run?: string;
  json?: boolean;
}

/** What a checkpoint root records about the features it was trained on (read by `loff predict`). */
export interface TrainingSource {
  server: string;
  dataset: string;
  model: unknown;
  extractionPool: number;
  /** Serve-time pooling the head was trained with (1 = none). */
  servePool: number;
  gridHeight: number;
  gridWidth: number;
  channels: number;
  labelNames: string[];
}

/** File name of the TrainingSource in a checkpoint root. */
export const SOURCE_FILE = "source.json";

/** The `train` command. */
export function trainCommand(io: CliIo = PROCESS_IO): Command {
  return new Command("train")
    .description("Train a classifier head on a feature server's stream, validating every epoch")
    .requiredOption("--server <host:port>", "feature server address")
    .requiredOption("--dataset <name>", "dataset name")
    .addOption(new Option("--head <kind>", "classifier head").choices([...HEAD_KINDS]).default("linear"))
    .option("--epochs <n>", "epochs", parsePositiveInt)
    .option("--batch-size <n>", "samples per training batch", parsePositiveInt)
    .option("--lr <x>", "peak learning rate (after warm-up)", parseNumber)
    .option("--weight-decay <x>", "AdamW decoupled weight decay", parseNumber)
    .option("--label-smoothing <x>", "label smoothing of the training loss", parseNumber)
    .option("--dim <d>", "projection width d (Linear C->d + LayerNorm)", parsePositiveInt)
    .option("--depth <n>", "transformer blocks of the vit head", parsePositiveInt)
    .option("--heads <n>", "attention heads of the vit head", parsePositiveInt)
    .option("--pool <k>", "k x k average pooling of the grid, done by the server (e.g. 2: 14x14 -> 7x7)", parsePositiveInt)
    .option("--augment <preset|policy.json>", "augmentation preset (none, loff-ta, loff-ta-trivial) or policy JSON file", "none")
    .option("--seed <s>", "seed of order, augmentation and initialisation", parseNonNegativeInt)
    .option("--checkpoint <dir>", "checkpoint root (last/ and best/)")
    .option("--resume", "continue from <checkpoint>/last")
    .option("--metrics-port <p>", "serve Prometheus metrics on this port (0 picks one)", parseNonNegativeInt)
    .addOption(new Option("--backend <name>", "tfjs backend").choices([...BACKEND_CHOICES]))
    .option("--token-file <file>", "bearer token file")
    .option("--run <name>", "value of the metrics' run label", "default")
    .option("--json", "print the final summary as one JSON object on stdout")
    .action(async (f: TrainFlags) => {
      if (f.resume && f.checkpoint === undefined) throw usageError("--resume needs --checkpoint <dir>");
      const augment = augmentationOf(f.augment) ?? "none";
      let opts: TrainOptions;
      try {
        opts = resolveTrainOptions({
          head: f.head,
          epochs: f.epochs,
          batchSize: f.batchSize,
          lr: f.lr,
          weightDecay: f.weightDecay,
          labelSmoothing: f.labelSmoothing,
          dim: f.dim,
          depth: f.depth,
          heads: f.heads,
          augment,
          seed: f.seed,
          checkpointDir: f.checkpoint,
          resume: f.resume === true,
          backend: f.backend,
        });
      } catch (err) {
        throw usageError(err instanceof Error ? err.message : String(err));
      }
      const summary = await trainFromServer({ ...f, opts, io });
      io.out(f.json ? `${JSON.stringify(summary)}\n` : summary.report_text.endsWith("\n") ? summary.report_text : `${summary.report_text}\n`);
    });
}

/** Runs one training against a server: metrics, progress lines, checkpoint source file, signal handling. */
export async function trainFromServer(a: {
  server: string;
  dataset: string;
  opts: TrainOptions;
  io: CliIo;
  tokenFile?: string;
  metricsPort?: number;
  pool?: number;
  run?: string;
  label?: string;
}): Promise<TrainSummary> {
  const prefix = a.label === undefined ? "train" : `train ${a.label}`;
  const log = (line: string): void => a.io.err(`${prefix}: ${line}\n`);
  const token = readTokenFile(a.tokenFile);
  const abort = new AbortController();
  const onSignal = (): void => {
    log("stopping after this step (checkpointing if --checkpoint is set)");
    abort.abort(new Error("interrupted"));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const streams = await createRemoteBatchStreams({
    client: { address: a.server, ...(token !== undefined ? { token } : {}) },
    dataset: a.dataset,
    ...(a.pool !== undefined ? { pool: a.pool } : {}),
    signal: abort.signal,
    onRetry: (n, message, ms) => log(`stream interrupted (${message}); resuming from the last cursor in ${Math.round(ms)} ms (attempt ${n})`),
  });
  let metricsServer: MetricsServer | undefined;
  try {
    const registry = createMetricsRegistry({ defaults: true });
    const metrics = createTrainerMetrics(registry, { run: a.run ?? "default" });
    if (a.metricsPort !== undefined) {
      metricsServer = await startMetricsServer(registry, { port: a.metricsPort, host: "127.0.0.1" });
      log(`metrics on ${metricsServer.url}`);
    }
    if (a.opts.checkpointDir !== undefined) writeSource(a.opts.checkpointDir, a.server, a.dataset, streams.datasetInfo, Math.max(1, a.pool ?? 1));
    const onProgress = (e: TrainProgress): void => {
      if (e.kind === "start") {
        log(`${a.opts.head} head, ${e.parameters} parameters, backend ${e.backend.backend}, ${e.totalSteps} steps` + (e.resumedFromStep === null ? "" : `, resumed at step ${e.resumedFromStep}`));
      } else if (e.kind === "epoch") {
        const r = e.record;
        log(`epoch ${r.epoch + 1}/${a.opts.epochs} train loss ${r.train_loss.toFixed(3)} acc ${(100 * r.train_accuracy).toFixed(1)}% | val loss ${r.val_loss.toFixed(3)} acc ${(100 * r.val_accuracy).toFixed(1)}% mean-class ${(100 * r.mean_class_accuracy).toFixed(1)}%${e.best ? " (best)" : ""}`);
      }
    };
    return await runTraining(streams, a.opts, { onProgress, metrics, signal: abort.signal });
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    streams.close();
    await metricsServer?.close();
  }
}

function writeSource(dir: string, server: string, dataset: string, info: Awaited<ReturnType<typeof createRemoteBatchStreams>>["datasetInfo"], servePool: number): void {
  const source: TrainingSource = {
    server,
    dataset,
    model: info.model,
    extractionPool: info.extractionPool,
    servePool,
    gridHeight: info.gridHeight,
    gridWidth: info.gridWidth,
    channels: info.channels,
    labelNames: info.labelNames,
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, SOURCE_FILE), `${JSON.stringify(source, null, 1)}\n`);
}
