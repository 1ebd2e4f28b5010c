// Server reflection (grpcurl, grpcui) over the contract in proto/, loaded with proto-loader.
import { fileURLToPath } from "node:url";
import { loadSync } from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";

/** The folder holding loff/v1/*.proto. */
export const PROTO_DIR = fileURLToPath(new URL("../../proto", import.meta.url));

/** Creates the reflection service describing loff.v1. */
export function createReflection(protoDir: string = PROTO_DIR): ReflectionService {
  const pkg = loadSync(["loff/v1/feature_service.proto"], { includeDirs: [protoDir], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  return new ReflectionService(pkg);
}
