// What every op provides: its parameter spec (defaults + validation) apart from its sampling and
// from the kernels, so one definition serves the CPU kernel, the tfjs executor and the docs.
import type { AugmentationOp } from "../../gen/loff/v1/augmentation.js";
import type { PointwiseStep, SamplePlan } from "../sample-plan.js";
import type { GridShape } from "../types.js";

/** The oneof of an op as ts-proto models it. */
export type OpOneof = NonNullable<AugmentationOp["op"]>;
/** The name of an op (`$case`), e.g. "horizontalFlip". */
export type OpName = OpOneof["$case"];
/** The parameter message of op K. */
export type OpParams<K extends OpName> = Extract<OpOneof, { $case: K }>["value"];
/** The parameter message of op K with every field present. */
export type ResolvedParams<K extends OpName> = Required<OpParams<K>>;

/** Where an op acts: on the grid geometry, on values, or (TrivialAugment) either per sample. */
export type OpRole = "spatial" | "pointwise" | "mixed";

/** One op: parameter spec, per-sample sampling, and the pointwise step it owns (if any). */
export interface OpDef<K extends OpName> {
  readonly name: K;
  readonly role: OpRole;
  /** Field names of the parameter message (contract camelCase), for JSON validation. */
  readonly fields: readonly string[];
  /** Fills defaults, rounds floats to float32 and validates; throws PolicyError. */
  resolve(params: OpParams<K>, opIndex: number, shape: GridShape): ResolvedParams<K>;
  /** True when the op cannot change any sample with these parameters. */
  isNoop(params: ResolvedParams<K>): boolean;
  /** How many words of the op's random stream one sample consumes. */
  wordCount(shape: GridShape): number;
  /** Allocates the op's pointwise step (once per executor, reused for every sample). */
  createStep?(shape: GridShape): PointwiseStep;
  /** Draws one sample's parameters from its words into the plan (and the op's own step). */
  sample(params: ResolvedParams<K>, words: Uint32Array, shape: GridShape, plan: SamplePlan, step?: PointwiseStep): void;
}
