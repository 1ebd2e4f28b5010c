// Options of a training run: defaults in one frozen object, merged and validated once.
import { BACKEND_CHOICES, type BackendChoice } from "./backend.js";
import { HEAD_DEFAULTS, HEAD_KINDS, stripUndefined, type HeadKind } from "./head-config.js";

/** Everything that shapes a training run. */
export interface TrainOptions {
  head: HeadKind;
  /** Projection width d. */
  dim: number;
  /** Hidden width of the mlp head. */
  hidden: number;
  /** Transformer blocks of the vit head. */
  depth: number;
  /** Attention heads of the vit head. */
  heads: number;
  /** MLP expansion of vit blocks. */
  mlpRatio: number;
  epochs: number;
  batchSize: number;
  /** Peak learning rate (after warm-up). */
  lr: number;
  /** Learning rate at the end of the cosine. */
  minLr: number;
  /** Fraction of all steps spent in linear warm-up. */
  warmupFraction: number;
  /** AdamW decoupled weight decay (applies to weight matrices only). */
  weightDecay: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Label smoothing ε of the training loss. */
  labelSmoothing: number;
  /** Gradient clipping by global L2 norm; 0 disables. */
  maxGradNorm: number;
  /** Augmentation preset name or policy, passed to the stream. */
  augment: string | object;
  /** Seed of the sample order, the augmentation parameters and the head's init. */
  seed: number;
  /** Validation batch size (no gradients, so it may exceed batchSize). */
  evalBatchSize: number;
  backend: BackendChoice;
  /** Checkpoint root (holds last/ and best/); none = no checkpoints. */
  checkpointDir?: string;
  /** Continue from checkpointDir/last if it exists. */
  resume: boolean;
  /** Also write last/ every this many steps (0 = only after each epoch's validation). */
  checkpointEverySteps: number;
  /** Stop (checkpointing) once this many steps are done in total; the schedule still spans all epochs. */
  maxSteps?: number;
}

/** Defaults: AdamW, warm-up + cosine, label smoothing 0.1 (PAPER.md), CPU-sized heads. */
export const TRAIN_DEFAULTS: Readonly<TrainOptions> = Object.freeze({
  head: HEAD_DEFAULTS.kind,
  dim: HEAD_DEFAULTS.dim,
  hidden: HEAD_DEFAULTS.hidden,
  depth: HEAD_DEFAULTS.depth,
  heads: HEAD_DEFAULTS.heads,
  mlpRatio: HEAD_DEFAULTS.mlpRatio,
  epochs: 10,
  batchSize: 64,
  lr: 1e-3,
  minLr: 0,
  warmupFraction: 0.1,
  weightDecay: 0.05,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  labelSmoothing: 0.1,
  maxGradNorm: 1,
  augment: "none",
  seed: 0,
  evalBatchSize: 256,
  backend: "auto",
  resume: false,
  checkpointEverySteps: 0,
});

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(message);
}

/** Merges `options` over TRAIN_DEFAULTS and validates; throws RangeError with a one-line reason. */
export function resolveTrainOptions(options: Partial<TrainOptions> = {}): TrainOptions {
  const o: TrainOptions = { ...TRAIN_DEFAULTS, ...stripUndefined(options) };
  const posInt = (v: number): boolean => Number.isInteger(v) && v >= 1;
  check(HEAD_KINDS.includes(o.head), `head must be one of ${HEAD_KINDS.join(", ")}, got ${o.head}`);
  for (const k of ["dim", "hidden", "depth", "heads", "mlpRatio", "epochs", "batchSize", "evalBatchSize"] as const) {
    check(posInt(o[k]), `${k} must be a positive integer, got ${o[k]}`);
  }
  check(o.dim % o.heads === 0, `dim ${o.dim} is not divisible by heads ${o.heads}`);
  check(Number.isFinite(o.lr) && o.lr > 0, `lr must be > 0, got ${o.lr}`);
  check(Number.isFinite(o.minLr) && o.minLr >= 0 && o.minLr <= o.lr, `minLr must be in [0, lr], got ${o.minLr}`);
  check(o.warmupFraction >= 0 && o.warmupFraction < 1, `warmupFraction must be in [0, 1), got ${o.warmupFraction}`);
  check(o.weightDecay >= 0 && o.weightDecay < 1, `weightDecay must be in [0, 1), got ${o.weightDecay}`);
  check(o.beta1 >= 0 && o.beta1 < 1 && o.beta2 >= 0 && o.beta2 < 1, `betas must be in [0, 1)`);
  check(o.eps > 0, `eps must be > 0, got ${o.eps}`);
  check(o.labelSmoothing >= 0 && o.labelSmoothing < 1, `labelSmoothing must be in [0, 1), got ${o.labelSmoothing}`);
  check(Number.isFinite(o.maxGradNorm) && o.maxGradNorm >= 0, `maxGradNorm must be >= 0, got ${o.maxGradNorm}`);
  check(Number.isSafeInteger(o.seed) && o.seed >= 0, `seed must be a non-negative integer, got ${o.seed}`);
  check(BACKEND_CHOICES.includes(o.backend), `backend must be one of ${BACKEND_CHOICES.join(", ")}, got ${o.backend}`);
  check(Number.isInteger(o.checkpointEverySteps) && o.checkpointEverySteps >= 0, `checkpointEverySteps must be a non-negative integer`);
  check(o.maxSteps === undefined || posInt(o.maxSteps), `maxSteps must be a positive integer, got ${o.maxSteps}`);
  check(!o.resume || o.checkpointDir !== undefined, "resume needs a checkpoint directory");
  check(o.checkpointEverySteps === 0 || o.checkpointDir !== undefined, "checkpointEverySteps needs a checkpoint directory");
  return o;
}
