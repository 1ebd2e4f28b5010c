// Options of a feature server: defaults written down once, merged and validated by one function.
import type { Logger } from "pino";
import type { MetricsRegistry } from "../metrics/registry.js";
import type { AugmentEngine } from "./augment-port.js";
import type { TlsFiles } from "./credentials.js";

/** Keepalive pings of the server (gRPC's keepalive settings). */
export interface KeepaliveOptions {
  /** Interval between server pings on an idle connection. */
  timeMs: number;
  /** How long to wait for a ping's acknowledgement before closing the connection. */
  timeoutMs: number;
  /** Shortest interval at which clients may ping (faster pings are answered with GOAWAY). */
  minClientPingIntervalMs: number;
}

/** Everything `createFeatureServer` accepts. */
export interface FeatureServerOptions {
  /** One cache, or a folder of caches named by their folders. */
  cacheDir: string;
  /** host:port; port 0 picks a free one. */
  address: string;
  /** The augmentation engine; without it, requests with a policy fail with FAILED_PRECONDITION. */
  engine: AugmentEngine | undefined;
  /** Concurrent streams admitted; more are refused with RESOURCE_EXHAUSTED. */
  maxStreams: number;
  /** Largest batch payload (tokens + CLS) in bytes; larger requests get RESOURCE_EXHAUSTED. */
  maxBatchBytes: number;
  /** Messages a stream may have written but not yet flushed to its connection. */
  maxUnflushedMessages: number;
  /** Bearer token required on FeatureService calls; undefined = none. */
  authToken: string | undefined;
  /** TLS (and mutual TLS with a client CA); undefined = plaintext. */
  tls: TlsFiles | undefined;
  keepalive: KeepaliveOptions;
  /** How long shutdown waits for streams to finish their batch in flight. */
  shutdownGraceMs: number;
  /** Registry receiving the server's metrics; a fresh one with default metrics when absent. */
  registry: MetricsRegistry | undefined;
  log: Logger;
}

/** Defaults of every optional field. */
export const SERVER_DEFAULTS = Object.freeze({
  address: "0.0.0.0:50051",
  engine: undefined,
  maxStreams: 64,
  maxBatchBytes: 256 * 1024 * 1024,
  maxUnflushedMessages: 2,
  authToken: undefined,
  tls: undefined,
  keepalive: Object.freeze({ timeMs: 30_000, timeoutMs: 10_000, minClientPingIntervalMs: 10_000 }),
  shutdownGraceMs: 10_000,
  registry: undefined,
});

/** Merges `opts` over the defaults and rejects invalid values with a RangeError. */
export function resolveServerOptions(opts: Partial<FeatureServerOptions> & Pick<FeatureServerOptions, "cacheDir" | "log">): FeatureServerOptions {
  const o: FeatureServerOptions = { ...SERVER_DEFAULTS, ...opts, keepalive: { ...SERVER_DEFAULTS.keepalive, ...opts.keepalive } };
  const positive = (name: string, v: number): void => {
    if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  };
  positive("maxStreams", o.maxStreams);
  positive("maxBatchBytes", o.maxBatchBytes);
  positive("maxUnflushedMessages", o.maxUnflushedMessages);
  if (!/^.+:\d+$/.test(o.address)) throw new RangeError(`address must be host:port, got "${o.address}"`);
  if (o.authToken !== undefined && o.authToken.trim() === "") throw new RangeError("the auth token is empty");
  return o;
}
