// Learning-rate schedule: linear warm-up then cosine decay over the whole run. A pure function of
// the step, so a resumed run follows the same curve without any saved scheduler state.

/** Schedule parameters. */
export interface LrSchedule {
  /** Peak learning rate, reached at the end of warm-up. */
  peak: number;
  /** Learning rate the cosine decays to at the last step. */
  floor: number;
  /** Warm-up steps (linear from peak/warmup to peak). */
  warmupSteps: number;
  /** Total optimisation steps of the run. */
  totalSteps: number;
}

/** Learning rate of zero-based step `step`. */
export function learningRate(s: LrSchedule, step: number): number {
  if (step < s.warmupSteps) return (s.peak * (step + 1)) / s.warmupSteps;
  const span = Math.max(1, s.totalSteps - s.warmupSteps - 1);
  const progress = Math.min(1, (step - s.warmupSteps) / span);
  return s.floor + 0.5 * (s.peak - s.floor) * (1 + Math.cos(Math.PI * progress));
}
