// The error for an image that cannot be decoded: the extraction counts and lists it, then goes on.

/** A file that is not a readable image (corrupt, truncated, wrong format, missing). */
export class ImageDecodeError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot decode ${path}: ${reason}`);
    this.name = "ImageDecodeError";
  }
}
