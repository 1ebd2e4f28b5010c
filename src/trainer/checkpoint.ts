// Checkpoints of a training run: a directory with the head's weights (weights.bin + weights.json),
// the run's configuration (config.json), AdamW's moments and step (optimizer.bin + .json) and the
// loop state (state.json: step, epoch, stream cursor of the last consumed batch, best accuracy,
// history). A root holds `last/` and `best/`, each replaced atomically.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { AdamWState } from "./adamw.js";
import { resolveAtomicDir, writeDirAtomic } from "./atomic-dir.js";
import type { StreamCursor } from "./batch-streams.js";
import type { EvalResult } from "./evaluate.js";
import type { HeadConfig } from "./head-config.js";
import type { ParamSpec } from "./params.js";
import { decodeTensors, encodeTensors, type TensorIndex } from "./tensor-file.js";
import type { TrainOptions } from "./train-options.js";

/** Format tag and version written into config.json. */
export const CHECKPOINT_FORMAT = Object.freeze({ name: "loff-head-checkpoint", version: 1 });

/** One epoch's numbers. */
export interface EpochRecord {
  epoch: number;
  train_loss: number;
  train_accuracy: number;
  val_loss: number;
  val_accuracy: number;
  mean_class_accuracy: number;
  lr: number;
}

/** The training loop's own state; with weights and optimizer it resumes a run exactly. */
export interface TrainerState {
  /** Optimisation steps done. */
  step: number;
  /** Epoch of the last consumed batch (-1 before the first). */
  epoch: number;
  /** Epochs whose validation has run. */
  evaluatedEpochs: number;
  /** Cursor of the last consumed batch (resumes right after it); null before the first. */
  cursor: StreamCursor | null;
  samplesSeen: number;
  /** Running sums of the current epoch's training loss/accuracy. */
  epochStats: { lossSum: number; correct: number; samples: number };
  bestValAccuracy: number | null;
  bestEpoch: number | null;
  lastEval: EvalResult | null;
  history: EpochRecord[];
}

/** The configuration a checkpoint was trained with. */
export interface CheckpointConfig {
  format: string;
  version: number;
  head: HeadConfig;
  labelNames: string[];
  /** The run's options (without where checkpoints go). */
  train: Omit<TrainOptions, "checkpointDir" | "resume" | "maxSteps" | "backend">;
}

/** A complete checkpoint in memory. */
export interface Checkpoint {
  config: CheckpointConfig;
  params: Map<string, Float32Array>;
  optimizer: AdamWState;
  state: TrainerState;
}

interface SerialCursor {
  epoch: number;
  offset: number;
  fingerprint: string;
  fingerprintIsBigInt: boolean;
}

function cursorToJson(c: StreamCursor | null): SerialCursor | null {
  return c === null ? null : { epoch: c.epoch, offset: c.offset, fingerprint: String(c.fingerprint), fingerprintIsBigInt: typeof c.fingerprint === "bigint" };
}

function cursorFromJson(c: SerialCursor | null): StreamCursor | null {
  if (c === null) return null;
  return { epoch: c.epoch, offset: c.offset, fingerprint: c.fingerprintIsBigInt ? BigInt(c.fingerprint) : Number(c.fingerprint) };
}

/** Writes `ckpt` atomically as `root/name`; `specs` fixes the order of tensors in the blobs. */
export async function saveCheckpoint(root: string, name: "last" | "best", ckpt: Checkpoint, specs: readonly ParamSpec[]): Promise<string> {
  const of = (m: Map<string, Float32Array>, prefix: string): Array<{ name: string; shape: number[]; data: Float32Array }> =>
    specs.map((s) => ({ name: `${prefix}${s.name}`, shape: s.shape, data: m.get(s.name) as Float32Array }));
  const weights = encodeTensors(of(ckpt.params, ""));
  const moments = encodeTensors([...of(ckpt.optimizer.m, "m/"), ...of(ckpt.optimizer.v, "v/")]);
  const state = { ...ckpt.state, cursor: cursorToJson(ckpt.state.cursor) };
  return writeDirAtomic(root, name, [
    ["weights.bin", weights.blob],
    ["weights.json", JSON.stringify(weights.index, null, 1)],
    ["optimizer.bin", moments.blob],
    ["optimizer.json", JSON.stringify({ step: ckpt.optimizer.step, tensors: moments.index }, null, 1)],
    ["state.json", JSON.stringify(state, null, 1)],
    // config.json last: its presence marks a directory as a checkpoint.
    ["config.json", JSON.stringify(ckpt.config, null, 1)],
  ]);
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, "utf8")) as T;
}

/** Reads a checkpoint's config only (cheap; for loading a head without optimizer state). */
export async function readCheckpointConfig(dir: string): Promise<CheckpointConfig> {
  const config = await readJson<CheckpointConfig>(join(dir, "config.json"));
  if (config.format !== CHECKPOINT_FORMAT.name || config.version !== CHECKPOINT_FORMAT.version) {
    throw new Error(`${dir} is not a ${CHECKPOINT_FORMAT.name} v${CHECKPOINT_FORMAT.version} checkpoint`);
  }
  return config;
}

/** Reads the head weights of a checkpoint directory. */
export async function readCheckpointWeights(dir: string): Promise<Map<string, Float32Array>> {
  return decodeTensors(await readJson<TensorIndex>(join(dir, "weights.json")), await readFile(join(dir, "weights.bin")), `${dir}/weights.bin`);
}

/** Reads a whole checkpoint directory. */
export async function loadCheckpoint(dir: string): Promise<Checkpoint> {
  const config = await readCheckpointConfig(dir);
  const params = await readCheckpointWeights(dir);
  const opt = await readJson<{ step: number; tensors: TensorIndex }>(join(dir, "optimizer.json"));
  const moments = decodeTensors(opt.tensors, await readFile(join(dir, "optimizer.bin")), `${dir}/optimizer.bin`);
  const slot = (prefix: string): Map<string, Float32Array> =>
    new Map([...moments].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
  const raw = await readJson<Omit<TrainerState, "cursor"> & { cursor: SerialCursor | null }>(join(dir, "state.json"));
  return { config, params, optimizer: { step: opt.step, m: slot("m/"), v: slot("v/") }, state: { ...raw, cursor: cursorFromJson(raw.cursor) } };
}

/**
 * The checkpoint directory `path` names: `path` itself if it holds config.json, else `path/<prefer>`,
 * else the other of last/best; undefined if there is none.
 */
export async function findCheckpoint(path: string, prefer: "last" | "best"): Promise<string | undefined> {
  if (existsSync(join(path, "config.json"))) return path;
  for (const name of prefer === "last" ? (["last", "best"] as const) : (["best", "last"] as const)) {
    const dir = await resolveAtomicDir(path, name);
    if (dir !== undefined && existsSync(join(dir, "config.json"))) return dir;
  }
  return undefined;
}
