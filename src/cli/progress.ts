// A progress line for long runs: a bar with rate and ETA on a terminal, a plain line every few
// seconds otherwise (logs, CI). Always on stderr so stdout stays machine-readable.
import { SingleBar } from "cli-progress";
import { PROCESS_IO, type CliIo } from "./cli-io.js";

/** Reports progress of `total` units. */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** Creates a progress reporter labelled `label` counting `unit`s. */
export function createProgress(label: string, unit: string, io: CliIo = PROCESS_IO): Progress {
  const started = performance.now();
  if (io === PROCESS_IO && process.stderr.isTTY) {
    const bar = new SingleBar({
      format: `${label} [{bar}] {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
    });
    let running = false;
    return {
      update(done, total) {
        const rate = (done / Math.max(1e-3, (performance.now() - started) / 1000)).toFixed(1);
        if (!running) {
          bar.start(total, done, { rate });
          running = true;
        } else {
          bar.setTotal(total);
          bar.update(done, { rate });
        }
      },
      stop() {
        if (running) bar.stop();
      },
    };
  }
  // LOFF_PROGRESS_INTERVAL_MS sets how often a non-terminal run logs a progress line (default 5 s).
  const interval = Number(process.env.LOFF_PROGRESS_INTERVAL_MS ?? 5000);
  let last = -Infinity;
  return {
    update(done, total) {
      const now = performance.now();
      if (done !== total && now - last < interval) return;
      last = now;
      const secs = (now - started) / 1000;
      const rate = done / Math.max(1e-3, secs);
      const eta = rate > 0 ? (total - done) / rate : 0;
      io.err(`${label}: ${done}/${total} ${unit} (${rate.toFixed(1)} ${unit}/s, ETA ${eta.toFixed(0)} s)\n`);
    },
    stop() {},
  };
}
