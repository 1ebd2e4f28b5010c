// The trainer's Prometheus metrics (loff_trainer_*), so an operator sees progress, quality and
// whether training is data-bound (input wait vs compute). Labels stay bounded: `run` names a
// trainer (one per process, or a few in a demo), `split` is train or val.
import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from "prom-client";

/** What the training loop reports; the loop depends on this interface only. */
export interface TrainerMetrics {
  /** After each optimisation step. */
  observeStep(s: {
    step: number;
    epoch: number;
    loss: number;
    /** Running training accuracy of the current epoch. */
    trainAccuracy: number;
    lr: number;
    samples: number;
    samplesPerS: number;
    inputWaitS: number;
    computeS: number;
  }): void;
  /** After each validation pass. */
  observeEval(split: "train" | "val", r: { loss: number; accuracy: number; meanClassAccuracy?: number }): void;
}

/** Options of createTrainerMetrics. */
export interface TrainerMetricsOptions {
  /** Value of the `run` label; default "default". */
  run?: string;
  /** Also register prom-client's default process metrics (once per registry); default true. */
  processMetrics?: boolean;
}

const WAIT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const COMPUTE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type Ctor<M> = new (cfg: { name: string; help: string; labelNames: string[]; registers: Registry[]; buckets?: number[] }) => M;

/** Returns the metric `name` of `registry`, creating it on first use (several trainers may share a registry). */
function getOrCreate<M>(registry: Registry, ctor: Ctor<M>, name: string, help: string, labelNames: string[], buckets?: number[]): M {
  const existing = registry.getSingleMetric(name);
  if (existing !== undefined) return existing as unknown as M;
  return new ctor({ name, help, labelNames, registers: [registry], ...(buckets ? { buckets } : {}) });
}

/** Registers the loff_trainer_* metrics in `registry` and returns the recorder for one run. */
export function createTrainerMetrics(registry: Registry, options: TrainerMetricsOptions = {}): TrainerMetrics {
  const run = options.run ?? "default";
  if ((options.processMetrics ?? true) && registry.getSingleMetric("process_cpu_user_seconds_total") === undefined) {
    collectDefaultMetrics({ register: registry });
  }
  const g = (name: string, help: string, labels: string[]): Gauge<string> => getOrCreate<Gauge<string>>(registry, Gauge, name, help, labels);
  const loss = g("loff_trainer_loss", "Loss: last training step (label-smoothed) or last validation (plain cross-entropy).", ["run", "split"]);
  const accuracy = g("loff_trainer_accuracy", "Accuracy: running over the current training epoch, or of the last validation.", ["run", "split"]);
  const meanClass = g("loff_trainer_mean_class_accuracy", "Mean per-class accuracy of the last evaluation.", ["run", "split"]);
  const lr = g("loff_trainer_learning_rate", "Learning rate of the last step.", ["run"]);
  const rate = g("loff_trainer_samples_per_second", "Training samples per second (input wait + compute), since the trainer started.", ["run"]);
  const epoch = g("loff_trainer_epoch", "Zero-based epoch of the last training step.", ["run"]);
  const step = g("loff_trainer_step", "Optimisation steps done.", ["run"]);
  const samples = getOrCreate<Counter<string>>(registry, Counter, "loff_trainer_samples_total", "Training samples consumed.", ["run"]);
  const wait = getOrCreate<Histogram<string>>(registry, Histogram, "loff_trainer_input_wait_seconds", "Time blocked awaiting the next training batch.", ["run"], WAIT_BUCKETS);
  const compute = getOrCreate<Histogram<string>>(registry, Histogram, "loff_trainer_compute_seconds", "Time of one optimisation step (forward, backward, update).", ["run"], COMPUTE_BUCKETS);
  return {
    observeStep(s) {
      loss.set({ run, split: "train" }, s.loss);
      accuracy.set({ run, split: "train" }, s.trainAccuracy);
      lr.set({ run }, s.lr);
      rate.set({ run }, s.samplesPerS);
      epoch.set({ run }, s.epoch);
      step.set({ run }, s.step);
      samples.inc({ run }, s.samples);
      wait.observe({ run }, s.inputWaitS);
      compute.observe({ run }, s.computeS);
    },
    observeEval(split, r) {
      loss.set({ run, split }, r.loss);
      accuracy.set({ run, split }, r.accuracy);
      if (r.meanClassAccuracy !== undefined) meanClass.set({ run, split }, r.meanClassAccuracy);
    },
  };
}
