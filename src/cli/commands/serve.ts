// `loff serve`: serves caches over gRPC with metrics on a separate HTTP port, until SIGTERM or
// SIGINT, then shuts down gracefully (streams end with UNAVAILABLE and resume elsewhere).
import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { pino, type Logger } from "pino";
import pretty from "pino-pretty";
import { createAugmenter } from "../../augment/index.js";
import { createMetricsRegistry } from "../../metrics/registry.js";
import { startMetricsServer } from "../../metrics/metrics-http.js";
import { createAugmentEngine, createFeatureServer, SERVER_DEFAULTS, type AugmentEngine, type TlsFiles } from "../../server/index.js";
import { PROCESS_IO, type CliIo } from "../cli-io.js";
import { readTokenFile } from "../token-file.js";
import { usageError } from "../cli-error.js";
import { parseNonNegativeInt, parsePositiveInt } from "../parse.js";

interface ServeFlags {
  cacheDir: string;
  address: string;
  metricsPort?: number;
  metricsHost: string;
  device: "auto" | "cpu" | "gpu" | "none";
  workers?: number;
  maxStreams: number;
  maxBatchMb: number;
  authTokenFile?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsClientCa?: string;
  logFormat: "json" | "pretty";
  logLevel: string;
}

function tlsOf(f: ServeFlags): TlsFiles | undefined {
  if (f.tlsCert === undefined && f.tlsKey === undefined) {
    if (f.tlsClientCa !== undefined) throw usageError("--tls-client-ca needs --tls-cert and --tls-key");
    return undefined;
  }
  if (f.tlsCert === undefined || f.tlsKey === undefined) throw usageError("--tls-cert and --tls-key go together");
  return { cert: readFileSync(f.tlsCert), key: readFileSync(f.tlsKey), ...(f.tlsClientCa !== undefined ? { clientCa: readFileSync(f.tlsClientCa) } : {}) };
}

function loggerOf(f: ServeFlags): Logger {
  const level = f.logLevel;
  return f.logFormat === "pretty" ? pino({ level }, pretty({ colorize: process.stdout.isTTY, destination: 1, sync: true })) : pino({ level });
}

/** The `serve` command. */
export function serveCommand(io: CliIo = PROCESS_IO): Command {
  return new Command("serve")
    .description("Serve feature caches over gRPC to trainers (FeatureService, health, reflection) with Prometheus metrics")
    .requiredOption("--cache-dir <dir>", "a cache, or a folder of caches (one dataset each, named by folder)")
    .option("--address <host:port>", "gRPC listen address (port 0 picks one)", SERVER_DEFAULTS.address)
    .option("--metrics-port <port>", "serve /metrics on this HTTP port (0 picks one); off when absent", parseNonNegativeInt)
    .option("--metrics-host <host>", "interface of the metrics port", "0.0.0.0")
    .addOption(new Option("--device <device>", "augmentation device; none disables augmentation").choices(["auto", "cpu", "gpu", "none"]).default("auto"))
    .option("--workers <n>", "CPU augmentation worker threads (default: one per core)", parseNonNegativeInt)
    .option("--max-streams <n>", "concurrent streams admitted", parsePositiveInt, SERVER_DEFAULTS.maxStreams)
    .option("--max-batch-mb <n>", "largest batch payload in MiB", parsePositiveInt, SERVER_DEFAULTS.maxBatchBytes / 2 ** 20)
    .option("--auth-token-file <file>", "require this bearer token (file content, trimmed) on FeatureService calls")
    .option("--tls-cert <file>", "PEM certificate chain of the server")
    .option("--tls-key <file>", "PEM private key of the server")
    .option("--tls-client-ca <file>", "PEM CA; clients must present a certificate it signed (mutual TLS)")
    .addOption(new Option("--log-format <format>", "json lines or human-readable").choices(["json", "pretty"]).default("json"))
    .option("--log-level <level>", "pino log level", "info")
    .action(async (f: ServeFlags) => {
      const tls = tlsOf(f);
      const authToken = readTokenFile(f.authTokenFile);
      const log = loggerOf(f);
      let engine: AugmentEngine | undefined;
      if (f.device !== "none") engine = createAugmentEngine(await createAugmenter({ device: f.device, ...(f.workers !== undefined ? { workers: f.workers } : {}) }));
      const registry = createMetricsRegistry();
      const server = await createFeatureServer({
        cacheDir: f.cacheDir,
        address: f.address,
        log,
        engine,
        registry,
        maxStreams: f.maxStreams,
        maxBatchBytes: f.maxBatchMb * 2 ** 20,
        authToken,
        tls,
      }).catch(async (err: unknown) => {
        await engine?.close();
        throw err;
      });
      const metrics = f.metricsPort === undefined ? undefined : await startMetricsServer(registry, { port: f.metricsPort, host: f.metricsHost });
      if (metrics !== undefined) log.info({ url: metrics.url }, "metrics");
      io.err(`loff: serving ${server.datasets.join(", ")} on ${server.address}${metrics ? `, metrics on ${metrics.url}` : ""}\n`);
      const signal = await new Promise<string>((resolve) => {
        const on = (s: string): void => {
          process.off("SIGTERM", on);
          process.off("SIGINT", on);
          resolve(s);
        };
        process.on("SIGTERM", on);
        process.on("SIGINT", on);
      });
      log.info({ signal }, "shutting down");
      await server.close();
      await metrics?.close();
      await engine?.close();
    });
}
