// The error thrown for model choices the user can fix: an unknown preset, a bad preset JSON, a
// missing ONNX file, an output that does not exist. Callers map it to a usage error.

/** A model configuration problem; the message is one line that says what to change. */
export class ModelConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelConfigError";
  }
}
