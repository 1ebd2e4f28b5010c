// Transport security of the server: insecure, TLS, or mutual TLS (client certificates checked
// against a CA).
import { ServerCredentials } from "@grpc/grpc-js";

/** PEM material for TLS; `clientCa` turns on mutual TLS. */
export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
  clientCa?: Buffer;
}

/** Server credentials for `tls`, or insecure ones without it. */
export function serverCredentials(tls: TlsFiles | undefined): ServerCredentials {
  if (tls === undefined) return ServerCredentials.createInsecure();
  return ServerCredentials.createSsl(tls.clientCa ?? null, [{ cert_chain: tls.cert, private_key: tls.key }], tls.clientCa !== undefined);
}
