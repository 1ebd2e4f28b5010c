// Retry delays: exponential with full jitter (AWS architecture blog, "Exponential Backoff And
// Jitter"), so many trainers reconnecting to a restarted server do not arrive in lock-step.

/** Backoff settings. */
export interface BackoffOptions {
  /** First delay's upper bound. */
  initialMs: number;
  /** Largest delay. */
  maxMs: number;
  /** Growth per attempt. */
  multiplier: number;
}

/** Defaults: 100 ms, doubling, at most 5 s. */
export const BACKOFF_DEFAULTS: Readonly<BackoffOptions> = Object.freeze({ initialMs: 100, maxMs: 5000, multiplier: 2 });

/** Delay before retry `attempt` (1-based): uniform in [0, min(max, initial * multiplier^(attempt-1))]. */
export function backoffDelay(attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const cap = Math.min(o.maxMs, o.initialMs * o.multiplier ** Math.max(0, attempt - 1));
  return Math.floor(random() * cap);
}

/** Waits `ms`, or rejects with the signal's reason once it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
