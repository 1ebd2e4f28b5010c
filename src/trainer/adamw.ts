// AdamW (Loshchilov & Hutter) with decoupled weight decay, written on tfjs-core ops because tfjs's
// Adam couples decay into the gradient and has no serialisable state. Update (PyTorch's order):
//   p ← p·(1 − lr·wd)   (only parameters whose spec says decay)
//   m ← β1·m + (1 − β1)·g ;  v ← β2·v + (1 − β2)·g²
//   p ← p − lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε)
import * as tf from "@tensorflow/tfjs-core";
import type { ParamStore } from "./params.js";
import { sizeOf } from "./params.js";

/** AdamW hyper-parameters. */
export interface AdamWConfig {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

/** Everything needed to continue optimisation exactly: step count and both moments per parameter. */
export interface AdamWState {
  step: number;
  m: Map<string, Float32Array>;
  v: Map<string, Float32Array>;
}

/** An AdamW optimizer bound to one head's parameters. */
export interface AdamW {
  readonly config: AdamWConfig;
  /** Number of updates applied so far. */
  step(): number;
  /** Applies one update with learning rate `lr`; `grads` is keyed by parameter name. */
  apply(grads: ReadonlyMap<string, tf.Tensor>, lr: number): void;
  /** A copy of the state, for checkpoints. */
  read(): Promise<AdamWState>;
  /** Restores a state read earlier (names and sizes must match). */
  write(state: AdamWState): void;
  dispose(): void;
}

/** Creates AdamW over `params` with zero moments. */
export function createAdamW(params: ParamStore, config: AdamWConfig): AdamW {
  const slot = (): Map<string, tf.Variable> =>
    new Map(params.specs.map((s) => [s.name, tf.variable(tf.zeros(s.shape, "float32"), false)]));
  const m = slot();
  const v = slot();
  let t = 0;
  const at = (map: Map<string, tf.Variable>, name: string): tf.Variable => map.get(name) as tf.Variable;
  return {
    config,
    step: () => t,
    apply(grads, lr) {
      t += 1;
      const bc1 = 1 - config.beta1 ** t;
      const bc2Sqrt = Math.sqrt(1 - config.beta2 ** t);
      tf.tidy(() => {
        for (const spec of params.specs) {
          const g = grads.get(spec.name);
          if (g === undefined) throw new Error(`no gradient for ${spec.name}`);
          const p = params.get(spec.name);
          const mi = at(m, spec.name);
          const vi = at(v, spec.name);
          mi.assign(tf.add(tf.mul(mi, config.beta1), tf.mul(g, 1 - config.beta1)));
          vi.assign(tf.add(tf.mul(vi, config.beta2), tf.mul(tf.square(g), 1 - config.beta2)));
          const decayed = spec.decay && config.weightDecay > 0 ? tf.mul(p, 1 - lr * config.weightDecay) : p;
          const denom = tf.add(tf.div(tf.sqrt(vi), bc2Sqrt), config.eps);
          p.assign(tf.sub(decayed, tf.mul(tf.div(mi, denom), lr / bc1)));
        }
      });
    },
    read: async () => {
      const copy = async (slotMap: Map<string, tf.Variable>): Promise<Map<string, Float32Array>> =>
        new Map(await Promise.all(params.specs.map(async (s) => [s.name, (await at(slotMap, s.name).data()) as Float32Array] as const)));
      return { step: t, m: await copy(m), v: await copy(v) };
    },
    write(state) {
      for (const [slotMap, values, label] of [[m, state.m, "m"], [v, state.v, "v"]] as const) {
        for (const spec of params.specs) {
          const data = values.get(spec.name);
          if (data === undefined || data.length !== sizeOf(spec.shape)) {
            throw new Error(`optimizer state ${label}/${spec.name} is missing or has the wrong size`);
          }
          const tensor = tf.tensor(data, spec.shape, "float32");
          at(slotMap, spec.name).assign(tensor);
          tensor.dispose();
        }
      }
      t = state.step;
    },
    dispose() {
      for (const x of [...m.values(), ...v.values()]) x.dispose();
    },
  };
}

/** Scales gradients so their global L2 norm is at most `maxNorm` (0 disables); returns the norm before clipping. */
export async function clipByGlobalNorm(grads: Map<string, tf.Tensor>, maxNorm: number): Promise<number> {
  // Pairwise adds, not addN: WebGPU adapters cap the buffers one shader may bind (8 on some).
  const norm = tf.tidy(() => tf.sqrt([...grads.values()].map((g) => tf.sum(tf.square(g))).reduce((a, b) => tf.add(a, b))));
  const value = ((await norm.data()) as Float32Array)[0] as number;
  norm.dispose();
  if (maxNorm > 0 && value > maxNorm) {
    const scale = maxNorm / (value + 1e-6);
    for (const [name, g] of grads) {
      grads.set(name, tf.mul(g, scale));
      g.dispose();
    }
  }
  return value;
}
