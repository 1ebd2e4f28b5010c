// Per-sample parameter drawing: from (seed, epoch, id) to a SamplePlan, reusing all buffers.
import type { OpName, ResolvedParams } from "./ops/op-def.js";
import { OPS, type AnyOpDef } from "./ops/registry.js";
import { fillWords, seedKey } from "./rng.js";
import { resetBox, type PointwiseStep, type SamplePlan } from "./sample-plan.js";
import type { GridShape, ResolvedPolicy } from "./types.js";

/** Draws per-sample parameters of one resolved policy. */
export interface Planner {
  readonly plan: SamplePlan;
  /** Fills `plan` for one sample; returns it. */
  planSample(seed: number, epoch: number, id: number): SamplePlan;
}

interface PlannedOp {
  def: AnyOpDef;
  params: ResolvedParams<OpName>;
  index: number;
  step: PointwiseStep | undefined;
}

const MAX_U32 = 0xffffffff;

/** Creates a planner; every buffer it uses is allocated here, once. */
export function createPlanner(policy: ResolvedPolicy): Planner {
  const shape: GridShape = policy.shape;
  const steps: PointwiseStep[] = [];
  let maxWords = 4;
  const ops: PlannedOp[] = policy.policy.ops.map((op, index) => {
    const oneof = op.op;
    if (oneof === undefined) throw new Error("resolved policy has an empty op");
    const def = OPS.get(oneof.$case) as AnyOpDef;
    const step = def.createStep?.(shape);
    if (step !== undefined) steps.push(step);
    maxWords = Math.max(maxWords, def.wordCount(shape));
    return { def, params: oneof.value as ResolvedParams<OpName>, index, step };
  });
  const words = new Uint32Array(Math.ceil(maxWords / 4) * 4);
  const plan: SamplePlan = { box: new Float64Array([0, 0, 1, 1]), steps };
  let lastSeed = -1;
  let key: [number, number] = [0, 0];
  return {
    plan,
    planSample(seed, epoch, id) {
      if (seed !== lastSeed) {
        key = seedKey(seed);
        lastSeed = seed;
      }
      if (!Number.isInteger(epoch) || epoch < 0 || epoch > MAX_U32) throw new RangeError(`epoch must be a uint32, got ${epoch}`);
      if (!Number.isInteger(id) || id < 0 || id > MAX_U32) throw new RangeError(`sample id must be a uint32, got ${id}`);
      resetBox(plan);
      for (const op of ops) {
        fillWords(words, op.def.wordCount(shape), key, epoch, id, op.index);
        const sample = op.def.sample as (p: unknown, w: Uint32Array, s: GridShape, pl: SamplePlan, st?: PointwiseStep) => void;
        sample(op.params, words, shape, plan, op.step);
      }
      return plan;
    },
  };
}
