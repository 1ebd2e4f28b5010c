// `loff stream`: consumes a stream and reports throughput; with --json one line holding samples,
// batches, bytes, samples_per_s, mb_per_s and a digest of the content (docs/protocol.md), so two
// runs — or two replicas, or two client languages — can be compared from the outside.
import { Command, Option } from "commander";
import { createBatchDigest, createFeatureClient, DataType, Remainder, type FeatureClient, type StreamOptions, type StreamRequest } from "../../client/index.js";
import { augmentationOf } from "../augment-flag.js";
import { PROCESS_IO, type CliIo } from "../cli-io.js";
import { readTokenFile } from "../token-file.js";
import { usageError } from "../cli-error.js";
import { parseNonNegativeInt, parsePositiveInt } from "../parse.js";

/** The JSON report of `loff stream --json`. */
export interface StreamReport {
  samples: number;
  batches: number;
  bytes: number;
  seconds: number;
  samples_per_s: number;
  mb_per_s: number;
  digest: string;
}

interface StreamFlags {
  server: string;
  dataset: string;
  split: string;
  batchSize: number;
  epochs: number;
  seed: number;
  shuffle: boolean;
  augment?: string;
  dtype: "fp16" | "fp32";
  rank?: number;
  world?: number;
  dropRemainder?: boolean;
  maxBatches?: number;
  tokenFile?: string;
  json?: boolean;
}

/** The `stream` command. */
export function streamCommand(io: CliIo = PROCESS_IO): Command {
  return new Command("stream")
    .description("Consume a feature stream and report throughput (and, with --json, a digest of its content)")
    .requiredOption("--server <host:port>", "feature server address")
    .requiredOption("--dataset <name>", "dataset name")
    .option("--split <name>", "split", "train")
    .option("--batch-size <n>", "samples per batch", parsePositiveInt, 64)
    .option("--epochs <n>", "epochs to stream (0 = forever)", parseNonNegativeInt, 1)
    .option("--seed <n>", "seed of order and augmentation", parseNonNegativeInt, 0)
    .option("--no-shuffle", "stream in sample-id order")
    .option("--augment <preset|policy.json>", "augmentation preset name or policy JSON file")
    .addOption(new Option("--dtype <dtype>", "element type").choices(["fp16", "fp32"]).default("fp16"))
    .option("--rank <r>", "this trainer's rank", parseNonNegativeInt)
    .option("--world <w>", "number of ranks", parsePositiveInt)
    .option("--drop-remainder", "drop the samples left over by sharding instead of wrapping")
    .option("--max-batches <n>", "stop after this many batches", parsePositiveInt)
    .option("--token-file <file>", "bearer token file")
    .option("--json", "print one JSON line")
    .action(async (f: StreamFlags) => {
      if ((f.rank === undefined) !== (f.world === undefined)) throw usageError("--rank and --world go together");
      if (f.epochs === 0 && f.maxBatches === undefined) throw usageError("--epochs 0 streams forever; give --max-batches");
      const token = readTokenFile(f.tokenFile);
      const req: StreamRequest = {
        dataset: f.dataset,
        split: f.split,
        batchSize: f.batchSize,
        epochs: f.epochs,
        seed: f.seed,
        shuffle: f.shuffle,
        augmentation: augmentationOf(f.augment),
        dtype: f.dtype === "fp32" ? DataType.DATA_TYPE_FLOAT32 : DataType.DATA_TYPE_FLOAT16,
        ...(f.world !== undefined ? { shard: { rank: f.rank ?? 0, world: f.world, remainder: f.dropRemainder ? Remainder.REMAINDER_DROP : Remainder.REMAINDER_WRAP } } : {}),
      };
      const client = createFeatureClient({ address: f.server, ...(token !== undefined ? { token } : {}) });
      try {
        const report = await consume(client, req, f.maxBatches, (attempt, e, ms) => io.err(`loff: stream interrupted (${e.details}); resuming in ${ms} ms (attempt ${attempt})\n`));
        io.out(
          f.json
            ? `${JSON.stringify(report)}\n`
            : `${report.samples} samples in ${report.batches} batches, ${(report.bytes / 1e6).toFixed(1)} MB in ${report.seconds.toFixed(2)} s: ` +
                `${report.samples_per_s.toFixed(0)} samples/s, ${report.mb_per_s.toFixed(1)} MB/s\ndigest ${report.digest}\n`,
        );
      } finally {
        client.close();
      }
    });
}

async function consume(
  client: FeatureClient,
  req: StreamRequest,
  maxBatches: number | undefined,
  onRetry: NonNullable<StreamOptions["onRetry"]>,
): Promise<StreamReport> {
  const digest = createBatchDigest();
  let samples = 0;
  let batches = 0;
  let bytes = 0;
  const t0 = performance.now();
  for await (const b of client.streamBatches(req, { onRetry })) {
    digest.update(b);
    samples += b.ids.length;
    bytes += b.messageBytes;
    batches++;
    if (maxBatches !== undefined && batches >= maxBatches) break;
  }
  const seconds = (performance.now() - t0) / 1000;
  return { samples, batches, bytes, seconds, samples_per_s: samples / seconds, mb_per_s: bytes / 1e6 / seconds, digest: digest.digest() };
}
