// Where commands write: stdout for results (text or one JSON line), stderr for progress and reasons.
// Passed in rather than taken from `process`, so tests can run commands in-process and capture them.

/** Output sinks of a command run. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** The process's own stdout and stderr. */
export const PROCESS_IO: CliIo = Object.freeze({
  out: (text: string) => void process.stdout.write(text),
  err: (text: string) => void process.stderr.write(text),
});
