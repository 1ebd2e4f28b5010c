// Turns a StreamBatchesRequest into a validated plan: which samples, in which order, in which
// shape and type, from where. All checks happen here, once, before any work starts.
import { PolicyError } from "../augment/policy-error.js";
import { resolvePolicy } from "../augment/policy.js";
import type { ResolvedPolicy } from "../augment/types.js";
import { dtypeFromProto, dtypeSize, type DType } from "../contract/dtype.js";
import { Layout, Remainder, type StreamBatchesRequest } from "../gen/loff/v1/feature_service.js";
import type { AugmentEngine } from "./augment-port.js";
import { cursorFingerprint, type OrderKey } from "./cursor.js";
import type { Dataset } from "./dataset-registry.js";
import { ServerError } from "./server-error.js";
import { batchesPerEpoch, shardLength, type ShardSpec } from "./sharding.js";

/** Per-request limits. */
export interface StreamLimits {
  /** Largest message (tokens + CLS payload) a batch may have, in bytes. */
  maxBatchBytes: number;
}

/** Grid of one sample as served (after serve-time pooling). */
export interface ServedGrid {
  height: number;
  width: number;
  channels: number;
}

/** A validated stream. */
export interface StreamPlan {
  readonly dataset: Dataset;
  readonly split: string;
  readonly ids: Float64Array;
  readonly labels: Int32Array;
  readonly key: OrderKey;
  readonly fingerprint: number;
  /** Epochs to stream; 0 = forever. */
  readonly epochs: number;
  readonly shardLength: number;
  readonly batchesPerEpoch: number;
  readonly dtype: DType;
  readonly layout: "tokens" | "grid";
  readonly includeCls: boolean;
  /** Serve-time pooling factor (1 = none). */
  readonly pool: number;
  /** Grid as stored and as served. */
  readonly stored: ServedGrid;
  readonly served: ServedGrid;
  /** The augmentation policy; undefined when it cannot change a sample. */
  readonly policy: ResolvedPolicy | undefined;
  /** First batch to send. */
  readonly start: { epoch: number; batch: number };
  /** Whether the stream is already complete at its start cursor. */
  readonly finished: boolean;
}

function invalid(message: string): ServerError {
  return new ServerError("invalid-argument", message);
}

function shardOf(req: StreamBatchesRequest): ShardSpec {
  const s = req.shard;
  const world = s === undefined || s.world <= 1 ? 1 : s.world;
  const rank = s?.rank ?? 0;
  if (rank >= world) throw invalid(`shard.rank ${rank} must be below shard.world ${world}`);
  const r = s?.remainder ?? Remainder.REMAINDER_UNSPECIFIED;
  if (r !== Remainder.REMAINDER_UNSPECIFIED && r !== Remainder.REMAINDER_WRAP && r !== Remainder.REMAINDER_DROP) {
    throw invalid(`unknown shard.remainder ${String(r)}`);
  }
  return { rank, world, remainder: r === Remainder.REMAINDER_DROP ? "drop" : "wrap" };
}

/** Validates `req` against the served datasets; throws a ServerError with the mapped status. */
export function planStream(
  req: StreamBatchesRequest,
  datasets: ReadonlyMap<string, Dataset>,
  engine: AugmentEngine | undefined,
  limits: StreamLimits,
): StreamPlan {
  const dataset = datasets.get(req.dataset);
  if (dataset === undefined) {
    throw new ServerError("not-found", `dataset "${req.dataset}" not found; served: ${[...datasets.keys()].join(", ") || "none"}`);
  }
  const splitName = req.split === "" ? "train" : req.split;
  if (!dataset.reader.splitNames().includes(splitName as never)) {
    throw new ServerError("not-found", `split "${splitName}" not found in dataset "${dataset.name}"; available: ${dataset.reader.splitNames().join(", ")}`);
  }
  const split = dataset.reader.split(splitName);
  if (req.batchSize < 1) throw invalid("batch_size must be at least 1");
  let dtype: DType;
  try {
    dtype = dtypeFromProto(req.dtype);
  } catch {
    throw invalid(`unknown dtype ${String(req.dtype)}`);
  }
  if (req.layout !== Layout.LAYOUT_UNSPECIFIED && req.layout !== Layout.LAYOUT_TOKENS && req.layout !== Layout.LAYOUT_GRID) {
    throw invalid(`unknown layout ${String(req.layout)}`);
  }
  const m = dataset.reader.manifest;
  const stored = { height: m.gridHeight, width: m.gridWidth, channels: m.channels };
  const pool = req.pool <= 1 ? 1 : req.pool;
  if (stored.height % pool !== 0 || stored.width % pool !== 0) {
    throw invalid(`pool ${pool} does not divide the ${stored.height}x${stored.width} grid`);
  }
  const served = { height: stored.height / pool, width: stored.width / pool, channels: stored.channels };
  const includeCls = req.includeCls ?? true;
  const perSample = (served.height * served.width * served.channels + (includeCls ? served.channels : 0)) * dtypeSize(dtype);
  if (req.batchSize * perSample > limits.maxBatchBytes) {
    throw new ServerError(
      "resource-exhausted",
      `a batch of ${req.batchSize} would take ${req.batchSize * perSample} bytes, over this server's limit of ${limits.maxBatchBytes}; use a batch size of at most ${Math.max(1, Math.floor(limits.maxBatchBytes / perSample))}`,
    );
  }
  const shard = shardOf(req);
  const n = split.ids.length;
  const length = shardLength(n, shard);
  const perEpoch = batchesPerEpoch(length, req.batchSize, req.dropLast);
  if (perEpoch === 0) {
    throw invalid(`split "${splitName}" (${n} samples) gives rank ${shard.rank} of ${shard.world} ${length} samples per epoch: not one batch of ${req.batchSize}${req.dropLast ? " with drop_last" : ""}`);
  }
  let policy: ResolvedPolicy | undefined;
  if (req.augmentation !== undefined) {
    // Policies are validated the same way with or without an engine; only one that changes samples needs it.
    let resolved: ResolvedPolicy;
    try {
      resolved = (engine?.resolvePolicy ?? resolvePolicy)(req.augmentation, served);
    } catch (err) {
      if (err instanceof PolicyError) throw invalid(err.message);
      throw err;
    }
    if (!resolved.identity) {
      if (engine === undefined) throw new ServerError("failed-precondition", "this server has no augmentation engine (started with --device none); request no policy or preset \"none\"");
      policy = resolved;
    }
  }
  const key: OrderKey = { dataset: dataset.name, split: splitName, seed: req.seed, shuffle: req.shuffle, shard, batchSize: req.batchSize, dropLast: req.dropLast };
  const fingerprint = cursorFingerprint(key);
  const start = startOf(req, fingerprint, req.batchSize, perEpoch, length);
  return {
    dataset,
    split: splitName,
    ids: split.ids,
    labels: split.labels,
    key,
    fingerprint,
    epochs: req.epochs,
    shardLength: length,
    batchesPerEpoch: perEpoch,
    dtype,
    layout: req.layout === Layout.LAYOUT_GRID ? "grid" : "tokens",
    includeCls,
    pool,
    stored,
    served,
    policy,
    start,
    finished: req.epochs > 0 && start.epoch >= req.epochs,
  };
}

function startOf(req: StreamBatchesRequest, fingerprint: number, batchSize: number, perEpoch: number, length: number): { epoch: number; batch: number } {
  const c = req.start;
  if (c === undefined) return { epoch: 0, batch: 0 };
  if (c.fingerprint !== fingerprint) {
    throw invalid("cursor does not belong to this request (dataset, split, seed, shuffle, shard, batch_size and drop_last must match the stream it came from)");
  }
  if (c.offset % batchSize !== 0) throw invalid(`cursor offset ${c.offset} is not on a batch boundary of batch_size ${batchSize}`);
  const batch = c.offset / batchSize;
  if (batch >= perEpoch) throw new ServerError("out-of-range", `cursor offset ${c.offset} is past the end of the epoch's shard (${length} samples)`);
  if (req.epochs > 0 && (c.epoch > req.epochs || (c.epoch === req.epochs && c.offset > 0))) {
    throw new ServerError("out-of-range", `cursor epoch ${c.epoch} is past the requested ${req.epochs} epochs`);
  }
  return { epoch: c.epoch, batch };
}
