// Image discovery: folder-per-class layouts, labels, the validation split and sample ids.
export { listImageSources, resolveSourceOptions, DEFAULT_SOURCE_OPTIONS } from "./list-image-sources.js";
export type { ImageSource, SourceListing, SourceOptions } from "./list-image-sources.js";
export { IMAGE_EXTENSIONS, isImageFile } from "./walk-files.js";
export { splitClass, validationCount } from "./stratified-split.js";
