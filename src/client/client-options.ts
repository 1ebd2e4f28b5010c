// Options of the feature client, with defaults written down once.
import type { BackoffOptions } from "./backoff.js";

/** TLS settings of the client; `cert` + `key` present a client certificate (mutual TLS). */
export interface ClientTls {
  /** CA that signed the server's certificate (PEM); system roots when absent. */
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** Name to verify the server certificate against instead of the address host. */
  serverName?: string;
}

/** Everything createFeatureClient accepts. */
export interface FeatureClientOptions {
  /** host:port, or a function asked again before every reconnect (another replica, a restarted server). */
  address: string | (() => string);
  /** Bearer token sent as "authorization: Bearer <token>". */
  token?: string;
  tls?: ClientTls;
  /** Deadline of unary calls. */
  unaryDeadlineMs: number;
  /** Consecutive failed attempts (without a batch in between) before a stream gives up. */
  maxRetries: number;
  backoff: BackoffOptions;
  /** Largest message accepted; batches of big grids exceed gRPC's 4 MiB default. */
  maxReceiveMessageBytes: number;
  /** HTTP/2 flow-control window; a large one keeps a fast stream from stalling on acknowledgements. */
  flowControlWindowBytes: number;
  /** Interval of keepalive pings on an open connection (the server permits one per 10 s). */
  keepaliveTimeMs: number;
  keepaliveTimeoutMs: number;
}

/** Defaults of every optional field. */
export const CLIENT_DEFAULTS = Object.freeze({
  unaryDeadlineMs: 30_000,
  maxRetries: 8,
  backoff: Object.freeze({ initialMs: 100, maxMs: 5000, multiplier: 2 }),
  maxReceiveMessageBytes: 512 * 1024 * 1024,
  flowControlWindowBytes: 16 * 1024 * 1024,
  keepaliveTimeMs: 30_000,
  keepaliveTimeoutMs: 20_000,
});

/** Merges options over the defaults and rejects invalid values. */
export function resolveClientOptions(opts: Partial<FeatureClientOptions> & Pick<FeatureClientOptions, "address">): FeatureClientOptions {
  const o: FeatureClientOptions = { ...CLIENT_DEFAULTS, ...opts, backoff: { ...CLIENT_DEFAULTS.backoff, ...opts.backoff } };
  if (!Number.isInteger(o.maxRetries) || o.maxRetries < 0) throw new RangeError(`maxRetries must be a non-negative integer, got ${o.maxRetries}`);
  if (o.keepaliveTimeMs < 10_000) throw new RangeError("keepaliveTimeMs below 10000 is refused by loff servers");
  if (o.token !== undefined && o.token.trim() === "") throw new RangeError("the token is empty");
  return o;
}
