// The one error type for invalid policies; the server maps it to INVALID_ARGUMENT.

/** An invalid augmentation policy; the message names the op index, the op and the field. */
export class PolicyError extends Error {
  /** Index of the offending op in the policy's `ops`, when the error concerns one op. */
  readonly opIndex?: number;
  /** The offending field (contract camelCase name), when the error concerns one field. */
  readonly field?: string;

  constructor(message: string, opIndex?: number, field?: string) {
    const where =
      opIndex === undefined ? "" : `ops[${opIndex}]${field === undefined ? "" : `.${field}`}: `;
    super(`invalid augmentation policy: ${where}${message}`);
    this.name = "PolicyError";
    if (opIndex !== undefined) this.opIndex = opIndex;
    if (field !== undefined) this.field = field;
  }
}
