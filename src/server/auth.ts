// Bearer-token authentication of FeatureService calls ("authorization: Bearer <token>").
// Health and reflection stay open so probes and grpcurl work without the secret.
import { createHash, timingSafeEqual } from "node:crypto";
import type { Metadata } from "@grpc/grpc-js";
import { ServerError } from "./server-error.js";

/** Checks a call's metadata; throws UNAUTHENTICATED when a token is required and not presented. */
export type Authenticator = (metadata: Metadata) => void;

const digest = (s: string): Buffer => createHash("sha256").update(s, "utf8").digest();

/** An authenticator for `token`; without a token every call is allowed. */
export function createAuthenticator(token: string | undefined): Authenticator {
  if (token === undefined) return () => {};
  const expected = digest(token);
  return (metadata) => {
    const values = metadata.get("authorization");
    const header = values.length === 1 ? String(values[0]) : undefined;
    if (header === undefined) throw new ServerError("unauthenticated", "missing bearer token (metadata \"authorization: Bearer <token>\")");
    const m = /^Bearer\s+(.+)$/i.exec(header);
    // Comparing digests keeps the comparison constant-time whatever the presented length.
    if (m === null || !timingSafeEqual(digest((m[1] as string).trim()), expected)) {
      throw new ServerError("unauthenticated", "invalid bearer token");
    }
  };
}
