// The unit of work an augmenter runs, and its validation (done once, before any data is read).
import type { GridShape, ResolvedPolicy } from "./types.js";

/** One batch to augment: inputs, outputs (caller-provided) and the randomness coordinates. */
export interface AugmentJob {
  policy: ResolvedPolicy;
  seed: number;
  epoch: number;
  /** Sample ids, one per batch row. */
  ids: ArrayLike<number>;
  /** Grid of input and output (pooling, if any, happened before). */
  shape: GridShape;
  /** fp16 input [B, H, W, C] (may be backed by a SharedArrayBuffer). */
  tokens: Uint16Array;
  /** fp16 input [B, C]. */
  cls?: Uint16Array;
  /** Per-channel statistics from the cache manifest. */
  channelMean: Float32Array;
  channelStd: Float32Array;
  /** fp16 or fp32 output [B, H, W, C]; SharedArrayBuffer-backed outputs are written in place by workers. */
  outTokens: Uint16Array | Float32Array;
  /** [B, C]. */
  outCls?: Uint16Array | Float32Array;
  /** Jobs from different streams are scheduled round-robin (fairness). */
  streamKey?: string;
  /** Cancels the job: it rejects with an AbortError. */
  signal?: AbortSignal;
}

/** Checks a job's sizes against its shape and policy; throws RangeError naming the mismatch. */
export function validateJob(job: AugmentJob): number {
  const { height: H, width: W, channels: C } = job.shape;
  const p = job.policy.shape;
  if (p.height !== H || p.width !== W || p.channels !== C) {
    throw new RangeError(`job grid ${H}x${W}x${C} differs from the policy's ${p.height}x${p.width}x${p.channels}`);
  }
  const B = job.ids.length;
  const n = H * W * C;
  const need = (what: string, got: number, want: number): void => {
    if (got !== want) throw new RangeError(`${what} has ${got} values, expected ${want}`);
  };
  need("tokens", job.tokens.length, B * n);
  need("outTokens", job.outTokens.length, B * n);
  if ((job.cls === undefined) !== (job.outCls === undefined)) throw new RangeError("cls and outCls must be given together");
  if (job.cls !== undefined) need("cls", job.cls.length, B * C);
  if (job.outCls !== undefined) need("outCls", job.outCls.length, B * C);
  need("channelMean", job.channelMean.length, C);
  need("channelStd", job.channelStd.length, C);
  if (job.outCls !== undefined && job.outCls.constructor !== job.outTokens.constructor) {
    throw new RangeError("outTokens and outCls must have the same element type");
  }
  return B;
}

/** The error a cancelled job rejects with (name "AbortError", like fetch and timers). */
export function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === "AbortError") return reason;
  const e = new Error("augmentation job aborted", { cause: reason });
  e.name = "AbortError";
  return e;
}

/** True once the signal has fired (a function, so checks after an await are not narrowed away). */
export function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
