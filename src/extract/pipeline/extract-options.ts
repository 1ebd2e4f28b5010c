// Options of an extraction run: defaults written once, validated once, rejected loudly.
import { availableParallelism } from "node:os";
import { ExtractInputError } from "../extract-input-error.js";

/** What `loff extract` (and the demo) asks of the pipeline. */
export interface ExtractOptions {
  /** Folder of images (folder-per-class, optionally with train/ and val/). */
  images: string;
  /** Cache directory to create or extend. */
  out: string;
  /** Model preset name, ONNX file or preset JSON; undefined = the embedded default. */
  model?: string;
  /** Name of the model output holding the tokens; undefined = the preset's. */
  output?: string;
  /** k of k x k average pooling of the grid (1 = none). */
  pool: number;
  /** Images per inference batch. */
  batchSize: number;
  /** Fraction of each class held out for validation when there is no val/ folder. */
  valFraction: number;
  /** Seed of the validation split. */
  seed: number;
  /** Replace a cache made with another model or preprocessing. */
  overwrite: boolean;
  /** Inference worker threads, each with a single-threaded model session. */
  workers: number;
}

/** Defaults of every optional field. */
export const EXTRACT_DEFAULTS = Object.freeze({ pool: 1, batchSize: 32, valFraction: 0.2, seed: 0, overwrite: false, workers: availableParallelism() });

/** Merges `partial` over the defaults and validates the result. */
export function resolveExtractOptions(partial: Partial<ExtractOptions> & Pick<ExtractOptions, "images" | "out">): ExtractOptions {
  const o: ExtractOptions = { ...EXTRACT_DEFAULTS, ...stripUndefined(partial), images: partial.images, out: partial.out };
  if (!Number.isInteger(o.pool) || o.pool < 1 || o.pool > 64) throw new ExtractInputError(`--pool must be an integer in [1, 64], got ${o.pool}`);
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1 || o.batchSize > 4096) {
    throw new ExtractInputError(`--batch-size must be an integer in [1, 4096], got ${o.batchSize}`);
  }
  if (!(o.valFraction >= 0 && o.valFraction < 1)) throw new ExtractInputError(`--val-fraction must be in [0, 1), got ${o.valFraction}`);
  if (!Number.isInteger(o.workers) || o.workers < 1 || o.workers > 64) throw new ExtractInputError(`--workers must be an integer in [1, 64], got ${o.workers}`);
  if (!Number.isSafeInteger(o.seed) || o.seed < 0) throw new ExtractInputError(`--seed must be a non-negative integer, got ${o.seed}`);
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
