// The shape of a head: which kind, the data it reads, its width/depth, and its init seed.
// Defaults live in one frozen object; resolveHeadConfig validates once and never clamps.

/** The classifier heads of the paper: pooled linear, pooled MLP, or a small ViT over the tokens. */
export type HeadKind = "linear" | "mlp" | "vit";

/** All head kinds, for flag validation. */
export const HEAD_KINDS: readonly HeadKind[] = Object.freeze(["linear", "mlp", "vit"]);

/** A fully resolved head description; stored verbatim in checkpoints. */
export interface HeadConfig {
  kind: HeadKind;
  /** Channels C of the cached tokens (and of the CLS/global vector). */
  channels: number;
  gridHeight: number;
  gridWidth: number;
  numClasses: number;
  /** Width d of the projection Linear(C -> d) + LayerNorm(d) every head starts with. */
  dim: number;
  /** Hidden width of the `mlp` head. */
  hidden: number;
  /** Transformer blocks of the `vit` head. */
  depth: number;
  /** Attention heads of the `vit` head; must divide `dim`. */
  heads: number;
  /** MLP expansion of each `vit` block (hidden = mlpRatio * dim). */
  mlpRatio: number;
  /** Seed of the deterministic weight init. */
  seed: number;
}

/** The knobs with CPU-sized defaults (the paper's DeiT-S is depth 12, width 384, 6 heads). */
export const HEAD_DEFAULTS = Object.freeze({
  kind: "linear" as HeadKind,
  dim: 128,
  hidden: 256,
  depth: 2,
  heads: 4,
  mlpRatio: 2,
  seed: 0,
});

/** What the data determines; everything else may default. */
export type HeadShape = Pick<HeadConfig, "channels" | "gridHeight" | "gridWidth" | "numClasses">;

function positiveInt(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
}

/** Merges `options` over the defaults and validates the result. */
export function resolveHeadConfig(shape: HeadShape, options: Partial<Omit<HeadConfig, keyof HeadShape>> = {}): HeadConfig {
  const c: HeadConfig = { ...HEAD_DEFAULTS, ...stripUndefined(options), ...shape };
  if (!HEAD_KINDS.includes(c.kind)) throw new RangeError(`head must be one of ${HEAD_KINDS.join(", ")}, got ${c.kind}`);
  for (const k of ["channels", "gridHeight", "gridWidth", "dim", "hidden", "depth", "heads", "mlpRatio"] as const) {
    positiveInt(k, c[k]);
  }
  if (!Number.isInteger(c.numClasses) || c.numClasses < 2) {
    throw new RangeError(`numClasses must be an integer >= 2, got ${c.numClasses}`);
  }
  if (c.dim % c.heads !== 0) throw new RangeError(`dim ${c.dim} is not divisible by heads ${c.heads}`);
  if (!Number.isSafeInteger(c.seed) || c.seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${c.seed}`);
  return c;
}

/** Drops keys whose value is undefined so they do not override defaults. */
export function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
