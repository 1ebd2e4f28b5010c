// Bad input to an extraction that the user can fix (a missing or empty folder, an option out of range,
// a pooling factor that does not divide the grid). The CLI reports it as bad usage (exit code 2).

/** An extraction input the user must correct; the message says what and how. */
export class ExtractInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExtractInputError";
  }
}
