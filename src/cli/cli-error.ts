// The one error type commands throw for expected failures: a one-line reason and an exit code.

/** Exit codes of the `loff` command. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** An expected failure: printed as `loff: <message>` on stderr, exit code 2 (usage) or 1 (failure). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Shorthand for a bad-usage error (exit code 2). */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT.usage);
}
