// Policy resolution: preset expansion, defaults, float32 rounding, validation against the grid
// shape and the op-order rule, all before any data is read.
import type { AugmentationOp, AugmentationPolicy } from "../gen/loff/v1/augmentation.js";
import type { OpName, OpRole } from "./ops/op-def.js";
import { OPS } from "./ops/registry.js";
import { PolicyError } from "./policy-error.js";
import { PRESETS } from "./presets.js";
import type { GridShape, ResolvedPolicy } from "./types.js";

/** Largest accepted number of values in one sample's grid (keeps kernel buffers bounded). */
export const MAX_GRID_VALUES = 1 << 26;

/** Throws PolicyError unless the shape is a valid token grid. */
export function checkShape(shape: GridShape): void {
  for (const k of ["height", "width", "channels"] as const) {
    const v = shape[k];
    if (!Number.isSafeInteger(v) || v < 1) throw new PolicyError(`grid ${k} must be a positive integer, got ${String(v)}`);
  }
  const n = shape.height * shape.width * shape.channels;
  if (n > MAX_GRID_VALUES) throw new PolicyError(`grid ${shape.height}x${shape.width}x${shape.channels} exceeds ${MAX_GRID_VALUES} values`);
}

function resolveOp(op: AugmentationOp, at: number, shape: GridShape): { resolved: AugmentationOp; role: OpRole; noop: boolean } {
  const oneof = op.op;
  if (oneof === undefined) throw new PolicyError("no operation set (exactly one field of `op` must be set)", at);
  const def = OPS.get(oneof.$case);
  if (def === undefined) throw new PolicyError(`unknown operation ${String(oneof.$case)}`, at);
  // Each definition resolves its own parameter message; the cast pairs the def with its $case.
  const resolve = def.resolve as (v: unknown, at: number, shape: GridShape) => never;
  const isNoop = def.isNoop as (v: unknown) => boolean;
  const value = resolve(oneof.value, at, shape);
  return {
    resolved: { op: { $case: oneof.$case, value } as NonNullable<AugmentationOp["op"]> },
    role: def.role,
    noop: isNoop(value),
  };
}

/**
 * Resolves a policy (or a preset name; undefined or "" mean "none") against a grid shape: presets
 * expanded, defaults filled, floats rounded to float32, everything validated. Throws PolicyError
 * naming the op index, op and field. Spatial ops are fused into one resampling applied before the
 * pointwise ops, so a spatial op after a pointwise one is rejected rather than silently reordered.
 */
export function resolvePolicy(policy: AugmentationPolicy | string | undefined, shape: GridShape): ResolvedPolicy {
  checkShape(shape);
  const given: AugmentationPolicy = typeof policy === "string" || policy === undefined ? { preset: policy ?? "", ops: [] } : policy;
  let preset = given.preset;
  let ops = given.ops;
  if (preset !== "") {
    const expanded = PRESETS.get(preset);
    if (expanded === undefined) throw new PolicyError(`unknown preset "${preset}" (known: ${[...PRESETS.keys()].join(", ")})`);
    // An echoed expansion (as GetDatasetInfo reports it) is accepted; anything else is ambiguous.
    if (ops.length > 0 && JSON.stringify(ops) !== JSON.stringify(expanded.ops)) {
      throw new PolicyError(`preset "${preset}" given together with ${ops.length} other ops; set one or the other`);
    }
    ops = expanded.ops;
  } else if (ops.length === 0) {
    preset = "none";
  }
  const resolved: AugmentationOp[] = [];
  let firstPointwise: { at: number; name: string } | undefined;
  let identity = true;
  ops.forEach((op, at) => {
    const r = resolveOp(op, at, shape);
    const name = op.op?.$case as OpName;
    if (r.role !== "pointwise" && firstPointwise !== undefined) {
      throw new PolicyError(
        `${name} is spatial but follows the pointwise op ${firstPointwise.name} at ops[${firstPointwise.at}]; ` +
          "spatial ops are fused into one resampling that runs first, so list them before pointwise ops",
        at,
      );
    }
    if (r.role === "pointwise" && firstPointwise === undefined) firstPointwise = { at, name };
    if (!r.noop) identity = false;
    resolved.push(r.resolved);
  });
  return Object.freeze({
    preset,
    policy: { preset, ops: resolved },
    shape: Object.freeze({ height: shape.height, width: shape.width, channels: shape.channels }),
    identity,
  });
}
