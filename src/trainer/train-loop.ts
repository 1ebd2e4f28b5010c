// The training loop: consumes a BatchStreams train stream, steps AdamW on a head, validates after
// every epoch, checkpoints (last/ and best/), reports progress and metrics, and resumes exactly
// from a checkpoint's stream cursor.
import type { TrainerMetrics } from "../metrics/trainer-metrics.js";
import { createAdamW, type AdamW } from "./adamw.js";
import { selectBackend, type BackendReport } from "./backend.js";
import type { BatchStreams, TrainBatch } from "./batch-streams.js";
import { findCheckpoint, loadCheckpoint, saveCheckpoint, CHECKPOINT_FORMAT, type CheckpointConfig, type EpochRecord, type TrainerState } from "./checkpoint.js";
import { evaluate, type EvalResult } from "./evaluate.js";
import { ensureGradients } from "./gradients.js";
import { resolveHeadConfig } from "./head-config.js";
import { createHead, type Head } from "./heads/create-head.js";
import { formatEvalReport } from "./report.js";
import { learningRate, type LrSchedule } from "./schedule.js";
import { resolveTrainOptions, type TrainOptions } from "./train-options.js";
import { trainStep } from "./train-step.js";

/** Progress events, in order: start, then steps with an epoch event after each validation, checkpoints as written. */
export type TrainProgress =
  | { kind: "start"; backend: BackendReport; totalSteps: number; stepsPerEpoch: number; resumedFromStep: number | null; parameters: number }
  | { kind: "step"; step: number; totalSteps: number; epoch: number; batchIndex: number; loss: number; lr: number; gradNorm: number; samplesPerS: number; inputWaitS: number; computeS: number }
  | { kind: "epoch"; record: EpochRecord; val: EvalResult; best: boolean }
  | { kind: "checkpoint"; path: string; step: number };

/** Optional observers of a run. */
export interface TrainHooks {
  onProgress?(event: TrainProgress): void;
  /** Prometheus recorder (createTrainerMetrics). */
  metrics?: TrainerMetrics;
  /** Stops the run after the current step, writing a checkpoint if a directory is set. */
  signal?: AbortSignal;
}

/** The final summary of a run (JSON-ready, snake_case like the CLI's --json output). */
export interface TrainSummary {
  head: string;
  backend: string;
  epochs: number;
  epochs_completed: number;
  steps: number;
  total_steps: number;
  samples_seen: number;
  val_accuracy: number;
  mean_class_accuracy: number;
  val_loss: number;
  best_val_accuracy: number | null;
  best_epoch: number | null;
  per_class_accuracy: Record<string, number | null>;
  confusion_matrix: number[][];
  label_names: string[];
  /** Training samples per second of this process: samples / (input wait + compute). */
  samples_per_s: number;
  wall_s: number;
  input_wait_s: number;
  compute_s: number;
  eval_s: number;
  /** Whether the run stopped before its last epoch (maxSteps or abort). */
  stopped_early: boolean;
  resumed_from_step: number | null;
  checkpoint_dir: string | null;
  parameters: number;
  history: EpochRecord[];
  /** The final report (per-class accuracy and confusion matrix) as text. */
  report_text: string;
}

function freshState(): TrainerState {
  return { step: 0, epoch: -1, evaluatedEpochs: 0, cursor: null, samplesSeen: 0, epochStats: { lossSum: 0, correct: 0, samples: 0 }, bestValAccuracy: null, bestEpoch: null, lastEval: null, history: [] };
}

function checkpointConfig(head: Head, labelNames: string[], o: TrainOptions): CheckpointConfig {
  const { checkpointDir: _c, resume: _r, maxSteps: _m, backend: _b, ...train } = o;
  return { format: CHECKPOINT_FORMAT.name, version: CHECKPOINT_FORMAT.version, head: head.config, labelNames, train };
}

/** Refuses to resume a checkpoint made with a different head, data or optimisation setup. */
function assertResumable(saved: CheckpointConfig, now: CheckpointConfig): void {
  const a = JSON.stringify({ head: saved.head, labels: saved.labelNames, train: saved.train });
  const b = JSON.stringify({ head: now.head, labels: now.labelNames, train: now.train });
  if (a !== b) throw new Error("checkpoint was made with different options or data; resume needs the same head, dataset and training options");
}

function nowS(): number {
  return performance.now() / 1000;
}

/** Trains a head on `streams` and returns the final summary. */
export async function runTraining(streams: BatchStreams, options: Partial<TrainOptions>, hooks: TrainHooks = {}): Promise<TrainSummary> {
  const started = nowS();
  const o = resolveTrainOptions(options);
  const backend = await selectBackend(o.backend);
  await ensureGradients();
  const { info } = streams;
  const headConfig = resolveHeadConfig(
    { channels: info.channels, gridHeight: info.gridHeight, gridWidth: info.gridWidth, numClasses: info.labelNames.length },
    { kind: o.head, dim: o.dim, hidden: o.hidden, depth: o.depth, heads: o.heads, mlpRatio: o.mlpRatio, seed: o.seed },
  );
  if (!Number.isInteger(info.trainSamples) || info.trainSamples < 1) throw new RangeError(`the training split is empty`);
  const head = createHead(headConfig);
  const optimizer = createAdamW(head.params, { beta1: o.beta1, beta2: o.beta2, eps: o.eps, weightDecay: o.weightDecay });
  try {
    return await trainWith(streams, o, head, optimizer, backend, started, hooks);
  } finally {
    optimizer.dispose();
    head.dispose();
  }
}

async function trainWith(streams: BatchStreams, o: TrainOptions, head: Head, optimizer: AdamW, backend: BackendReport, started: number, hooks: TrainHooks): Promise<TrainSummary> {
  const labelNames = streams.info.labelNames;
  const config = checkpointConfig(head, labelNames, o);
  const stepsPerEpoch = Math.ceil(streams.info.trainSamples / o.batchSize);
  const totalSteps = o.epochs * stepsPerEpoch;
  const schedule: LrSchedule = { peak: o.lr, floor: o.minLr, warmupSteps: Math.floor(o.warmupFraction * totalSteps), totalSteps };
  let state = freshState();
  let resumedFromStep: number | null = null;
  if (o.resume && o.checkpointDir !== undefined) {
    const dir = await findCheckpoint(o.checkpointDir, "last");
    if (dir !== undefined) {
      const ckpt = await loadCheckpoint(dir);
      assertResumable(ckpt.config, config);
      head.params.write(ckpt.params);
      optimizer.write(ckpt.optimizer);
      state = ckpt.state;
      resumedFromStep = state.step;
    }
  }
  hooks.onProgress?.({ kind: "start", backend, totalSteps, stepsPerEpoch, resumedFromStep, parameters: head.params.count() });

  let inputWaitS = 0;
  let computeS = 0;
  let evalS = 0;
  let trainedHere = 0;
  const save = async (name: "last" | "best"): Promise<void> => {
    if (o.checkpointDir === undefined) return;
    const path = await saveCheckpoint(o.checkpointDir, name, { config, params: await head.params.read(), optimizer: await optimizer.read(), state }, head.params.specs);
    hooks.onProgress?.({ kind: "checkpoint", path, step: state.step });
  };
  const endEpoch = async (epoch: number): Promise<void> => {
    const t = nowS();
    const val = await evaluate(head, streams.val({ batchSize: o.evalBatchSize }));
    evalS += nowS() - t;
    const s = state.epochStats;
    const record: EpochRecord = {
      epoch,
      train_loss: s.samples > 0 ? s.lossSum / s.samples : NaN,
      train_accuracy: s.samples > 0 ? s.correct / s.samples : NaN,
      val_loss: val.loss,
      val_accuracy: val.accuracy,
      mean_class_accuracy: val.meanClassAccuracy,
      lr: learningRate(schedule, Math.max(0, state.step - 1)),
    };
    const best = state.bestValAccuracy === null || val.accuracy > state.bestValAccuracy;
    state = {
      ...state,
      evaluatedEpochs: epoch + 1,
      epochStats: { lossSum: 0, correct: 0, samples: 0 },
      lastEval: val,
      history: [...state.history, record],
      ...(best ? { bestValAccuracy: val.accuracy, bestEpoch: epoch } : {}),
    };
    hooks.metrics?.observeEval("val", { loss: val.loss, accuracy: val.accuracy, meanClassAccuracy: val.meanClassAccuracy });
    hooks.onProgress?.({ kind: "epoch", record, val, best });
    await save("last");
    if (best) await save("best");
  };

  const stream = streams.train({ epochs: o.epochs, seed: o.seed, batchSize: o.batchSize, augment: o.augment, ...(state.cursor ? { start: state.cursor } : {}) });
  const it = stream[Symbol.asyncIterator]();
  let streamDone = false;
  let finished = false;
  let stoppedEarly = false;
  try {
    for (;;) {
      const limitHit = o.maxSteps !== undefined && state.step >= o.maxSteps && state.step < totalSteps;
      if (hooks.signal?.aborted === true || limitHit) {
        stoppedEarly = true;
        break;
      }
      const t0 = nowS();
      const next = await it.next();
      const waited = nowS() - t0;
      if (next.done === true) {
        streamDone = true;
        finished = true;
        break;
      }
      const batch: TrainBatch = next.value;
      if (batch.epoch >= o.epochs) {
        finished = true;
        break;
      }
      if (batch.epoch > state.epoch && state.epoch >= 0 && state.evaluatedEpochs <= state.epoch) await endEpoch(state.epoch);
      const lr = learningRate(schedule, state.step);
      const t1 = nowS();
      const r = await trainStep(head, optimizer, batch, lr, o.labelSmoothing, o.maxGradNorm);
      const computed = nowS() - t1;
      inputWaitS += waited;
      computeS += computed;
      const b = batch.labels.length;
      trainedHere += b;
      const s = state.epochStats;
      state = {
        ...state,
        step: state.step + 1,
        epoch: batch.epoch,
        cursor: batch.cursor,
        samplesSeen: state.samplesSeen + b,
        epochStats: { lossSum: s.lossSum + r.loss * b, correct: s.correct + r.correct, samples: s.samples + b },
      };
      const samplesPerS = trainedHere / Math.max(1e-9, inputWaitS + computeS);
      hooks.metrics?.observeStep({
        step: state.step, epoch: batch.epoch, loss: r.loss, trainAccuracy: state.epochStats.correct / state.epochStats.samples,
        lr, samples: b, samplesPerS, inputWaitS: waited, computeS: computed,
      });
      hooks.onProgress?.({ kind: "step", step: state.step, totalSteps, epoch: batch.epoch, batchIndex: batch.batchIndex, loss: r.loss, lr, gradNorm: r.gradNorm, samplesPerS, inputWaitS: waited, computeS: computed });
      if (o.checkpointEverySteps > 0 && state.step % o.checkpointEverySteps === 0) await save("last");
    }
  } finally {
    // Breaking out early must cancel the stream (frees the server-side stream / generator).
    if (!streamDone) await it.return?.();
  }
  // A stop right after an epoch's last batch (its cursor points into the next epoch) still validates it.
  const epochClosed = finished || (state.cursor !== null && state.cursor.epoch > state.epoch);
  if (epochClosed && state.epoch >= 0 && state.evaluatedEpochs <= state.epoch) await endEpoch(state.epoch);
  else if (stoppedEarly) await save("last");

  const last = state.lastEval ?? (await evaluate(head, streams.val({ batchSize: o.evalBatchSize })));
  return {
    head: head.config.kind,
    backend: backend.backend,
    epochs: o.epochs,
    epochs_completed: state.evaluatedEpochs,
    steps: state.step,
    total_steps: totalSteps,
    samples_seen: state.samplesSeen,
    val_accuracy: last.accuracy,
    mean_class_accuracy: last.meanClassAccuracy,
    val_loss: last.loss,
    best_val_accuracy: state.bestValAccuracy,
    best_epoch: state.bestEpoch,
    per_class_accuracy: Object.fromEntries(labelNames.map((n, i) => [n, last.perClassAccuracy[i] ?? null])),
    confusion_matrix: last.confusion,
    label_names: [...labelNames],
    samples_per_s: trainedHere / Math.max(1e-9, inputWaitS + computeS),
    wall_s: nowS() - started,
    input_wait_s: inputWaitS,
    compute_s: computeS,
    eval_s: evalS,
    stopped_early: stoppedEarly,
    resumed_from_step: resumedFromStep,
    checkpoint_dir: o.checkpointDir ?? null,
    parameters: head.params.count(),
    history: state.history,
    report_text: formatEvalReport(labelNames, last),
  };
}
