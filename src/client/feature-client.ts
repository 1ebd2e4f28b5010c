// The TypeScript client of FeatureService: unary calls with deadlines, and streams as async
// iterators of typed-array batches that resume from the last cursor, with jittered backoff, when
// the server goes away (UNAVAILABLE, a dropped connection) — on the same or another replica.
import { Client, Metadata, credentials, status, type ChannelCredentials, type ServiceError } from "@grpc/grpc-js";
import {
  GetDatasetInfoRequest,
  GetDatasetInfoResponse,
  ListDatasetsRequest,
  ListDatasetsResponse,
  StreamBatchesRequest,
  type DatasetInfo,
  type DatasetSummary,
} from "../gen/loff/v1/feature_service.js";
import { backoffDelay, sleep } from "./backoff.js";
import { resolveClientOptions, type FeatureClientOptions } from "./client-options.js";
import { decodeBatch, type FeatureBatch } from "./feature-batch.js";

/** A stream request; fields as in the contract, all optional except dataset and batch size. */
export type StreamRequest = Partial<StreamBatchesRequest> & Pick<StreamBatchesRequest, "dataset" | "batchSize">;

/** Per-stream options. */
export interface StreamOptions {
  /** Stops the stream; the iterator then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called before each resume with the attempt number, the error and the delay chosen. */
  onRetry?: (attempt: number, error: ServiceError, delayMs: number) => void;
}

/** A FeatureService client. */
export interface FeatureClient {
  listDatasets(): Promise<DatasetSummary[]>;
  getDatasetInfo(dataset: string): Promise<DatasetInfo>;
  /** Streams batches, resuming transparently after UNAVAILABLE. */
  streamBatches(req: StreamRequest, opts?: StreamOptions): AsyncGenerator<FeatureBatch, void, undefined>;
  close(): void;
}

const PATH = "/loff.v1.FeatureService/";

function isRetryable(err: ServiceError): boolean {
  // UNAVAILABLE covers draining servers and dropped connections; a reset stream surfaces as INTERNAL.
  return err.code === status.UNAVAILABLE || (err.code === status.INTERNAL && /RST_STREAM|Connection dropped/i.test(err.details ?? ""));
}

/** Creates a client; the channel connects lazily. */
export function createFeatureClient(options: Partial<FeatureClientOptions> & Pick<FeatureClientOptions, "address">): FeatureClient {
  const o = resolveClientOptions(options);
  const addressOf = (): string => (typeof o.address === "string" ? o.address : o.address());
  const creds: ChannelCredentials =
    o.tls === undefined ? credentials.createInsecure() : credentials.createSsl(o.tls.ca ?? null, o.tls.key ?? null, o.tls.cert ?? null);
  const channelOptions = {
    "grpc.max_receive_message_length": o.maxReceiveMessageBytes,
    "grpc-node.flow_control_window": o.flowControlWindowBytes,
    "grpc.keepalive_time_ms": o.keepaliveTimeMs,
    "grpc.keepalive_timeout_ms": o.keepaliveTimeoutMs,
    ...(o.tls?.serverName !== undefined ? { "grpc.ssl_target_name_override": o.tls.serverName, "grpc.default_authority": o.tls.serverName } : {}),
  };
  let current: { address: string; client: Client } | undefined;
  let closed = false;
  const client = (): Client => {
    if (closed) throw new Error("the feature client is closed");
    const address = addressOf();
    if (current?.address !== address) {
      current?.client.close();
      current = { address, client: new Client(address, creds, channelOptions) };
    }
    return current.client;
  };
  const metadata = (): Metadata => {
    const m = new Metadata();
    if (o.token !== undefined) m.set("authorization", `Bearer ${o.token}`);
    return m;
  };
  const unary = <Req, Res>(method: string, enc: { encode(r: Req): { finish(): Uint8Array } }, dec: { decode(b: Uint8Array): Res }, req: Req): Promise<Res> =>
    new Promise((resolve, reject) => {
      client().makeUnaryRequest(
        PATH + method,
        (r: Req) => Buffer.from(enc.encode(r).finish()),
        (b: Buffer) => dec.decode(b),
        req,
        metadata(),
        { deadline: Date.now() + o.unaryDeadlineMs },
        (err, res) => (err !== null ? reject(err) : resolve(res as Res)),
      );
    });

  return {
    listDatasets: async () => (await unary("ListDatasets", ListDatasetsRequest, ListDatasetsResponse, {})).datasets,
    async getDatasetInfo(dataset) {
      const res = await unary("GetDatasetInfo", GetDatasetInfoRequest, GetDatasetInfoResponse, { dataset });
      if (res.info === undefined) throw new Error(`server sent no info for dataset "${dataset}"`);
      return res.info;
    },
    async *streamBatches(req, opts = {}) {
      const base = StreamBatchesRequest.fromPartial(req);
      let start = base.start;
      let attempt = 0;
      for (;;) {
        opts.signal?.throwIfAborted();
        const call = client().makeServerStreamRequest(
          PATH + "StreamBatches",
          (r: StreamBatchesRequest) => Buffer.from(StreamBatchesRequest.encode(r).finish()),
          (b: Buffer) => decodeBatch(b),
          { ...base, start },
          metadata(),
        );
        const onAbort = (): void => call.cancel();
        opts.signal?.addEventListener("abort", onAbort, { once: true });
        try {
          for await (const batch of call as AsyncIterable<FeatureBatch>) {
            opts.signal?.throwIfAborted();
            attempt = 0;
            start = batch.cursor;
            yield batch;
          }
          return;
        } catch (err) {
          opts.signal?.throwIfAborted();
          const e = err as ServiceError;
          if (typeof e.code !== "number" || !isRetryable(e) || attempt >= o.maxRetries) throw err;
          attempt++;
          const delay = backoffDelay(attempt, o.backoff);
          opts.onRetry?.(attempt, e, delay);
          await sleep(delay, opts.signal);
        } finally {
          opts.signal?.removeEventListener("abort", onAbort);
          call.cancel(); // no-op once the call ended; frees it when the consumer stopped early
        }
      }
    },
    close() {
      closed = true;
      current?.client.close();
      current = undefined;
    },
  };
}
