// The trainer's public surface: run training, load a head and predict; the stream abstraction
// and its in-process implementation; backend choice; options and their defaults.
export { runTraining, type TrainHooks, type TrainProgress, type TrainSummary } from "./train-loop.js";
export { resolveTrainOptions, TRAIN_DEFAULTS, type TrainOptions } from "./train-options.js";
export { loadHead, predictLogits, predictTopK, softmaxRows, type LoadedHead, type Prediction } from "./predict.js";
export type { BatchStreams, StreamCursor, TrainBatch, TrainStreamOptions } from "./batch-streams.js";
export { createArrayBatchStreams, type ArrayDataset, type ArraySplit, type ArrayAugment } from "./array-batch-streams.js";
export { createSyntheticDataset, type SyntheticOptions } from "./synthetic-dataset.js";
export { selectBackend, BACKEND_CHOICES, type BackendChoice, type BackendName, type BackendReport } from "./backend.js";
export { HEAD_DEFAULTS, HEAD_KINDS, resolveHeadConfig, type HeadConfig, type HeadKind } from "./head-config.js";
export { createHead, headInputs, type Head } from "./heads/create-head.js";
export { evaluate, type EvalResult } from "./evaluate.js";
export { formatEvalReport } from "./report.js";
export { findCheckpoint, loadCheckpoint, type Checkpoint, type CheckpointConfig, type EpochRecord, type TrainerState } from "./checkpoint.js";
export { createCacheBatchStreams, type CacheBatchStreams, type CacheStreamsOptions } from "./cache-batch-streams.js";
