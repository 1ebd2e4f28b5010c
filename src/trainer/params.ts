// Named trainable parameters of a head: specs (shape, init, whether weight decay applies),
// deterministic seeded initial values, and flat Float32Array views for checkpoints.
import * as tf from "@tensorflow/tfjs-core";
import { createRng, hashString, mixSeed } from "./rng.js";

/** How a parameter starts. */
export type ParamInit = "zeros" | "ones" | "trunc-normal";

/** One parameter: name (stable across versions, the checkpoint key), shape, init, decay. */
export interface ParamSpec {
  name: string;
  shape: number[];
  init: ParamInit;
  /** Standard deviation for trunc-normal init. */
  std?: number;
  /** Whether AdamW's decoupled weight decay applies (matrices yes; biases, norms, positions no). */
  decay: boolean;
}

/** The live parameters of one head. */
export interface ParamStore {
  /** Specs in creation order; checkpoints and optimizer state follow this order. */
  readonly specs: readonly ParamSpec[];
  /** The variable of a parameter; throws on an unknown name. */
  get(name: string): tf.Variable;
  /** Every variable in spec order. */
  variables(): tf.Variable[];
  /** A copy of every parameter's values, keyed by name (async: GPU backends cannot read synchronously). */
  read(): Promise<Map<string, Float32Array>>;
  /** Overwrites every parameter; names and sizes must match the specs exactly. */
  write(values: Map<string, Float32Array>): void;
  /** Total number of scalar parameters. */
  count(): number;
  /** Releases the variables. */
  dispose(): void;
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Initial values of one parameter; each parameter has its own stream so adding one changes no other. */
export function initialValues(spec: ParamSpec, seed: number): Float32Array {
  const out = new Float32Array(sizeOf(spec.shape));
  if (spec.init === "ones") out.fill(1);
  if (spec.init === "trunc-normal") {
    const rng = createRng(mixSeed(seed, hashString(spec.name)));
    const std = spec.std ?? 0.02;
    for (let i = 0; i < out.length; i++) out[i] = rng.truncatedNormal() * std;
  }
  return out;
}

/** Creates the variables of `specs`, initialised from `seed`. */
export function createParamStore(specs: readonly ParamSpec[], seed: number): ParamStore {
  const byName = new Map<string, tf.Variable>();
  for (const spec of specs) {
    if (byName.has(spec.name)) throw new Error(`duplicate parameter ${spec.name}`);
    // Unnamed variables: tfjs names must be unique per process and several heads may coexist.
    byName.set(spec.name, tf.variable(tf.tensor(initialValues(spec, seed), spec.shape, "float32"), true));
  }
  const get = (name: string): tf.Variable => {
    const v = byName.get(name);
    if (v === undefined) throw new Error(`unknown parameter ${name}`);
    return v;
  };
  return {
    specs,
    get,
    variables: () => specs.map((s) => get(s.name)),
    read: async () => new Map(await Promise.all(specs.map(async (s) => [s.name, (await get(s.name).data()) as Float32Array] as const))),
    write(values) {
      for (const spec of specs) {
        const data = values.get(spec.name);
        if (data === undefined) throw new Error(`missing parameter ${spec.name}`);
        if (data.length !== sizeOf(spec.shape)) {
          throw new Error(`parameter ${spec.name}: ${data.length} values, expected shape [${spec.shape.join(", ")}]`);
        }
        const t = tf.tensor(data, spec.shape, "float32");
        get(spec.name).assign(t);
        t.dispose();
      }
      const extra = [...values.keys()].filter((k) => !specs.some((s) => s.name === k));
      if (extra.length > 0) throw new Error(`unexpected parameters ${extra.join(", ")}`);
    },
    count: () => specs.reduce((n, s) => n + sizeOf(s.shape), 0),
    dispose() {
      for (const v of byName.values()) v.dispose();
    },
  };
}
