// Book-keeping of the server's streams: the max-streams limit, draining on shutdown and the
// accounting of every byte a stream holds (slots, scratch, un-flushed messages), which tests and
// the loff_stream_buffer_bytes gauge read.
import { ServerError } from "./server-error.js";

/** One open stream's entry. */
export interface StreamHandle {
  readonly id: string;
  readonly dataset: string;
  /** Bytes of the stream's own buffers. */
  setBufferBytes(bytes: number): void;
  /** Un-flushed messages and their bytes. */
  setUnflushed(messages: number, bytes: number): void;
  close(): void;
}

/** A snapshot of the accounting. */
export interface StreamStats {
  activeStreams: number;
  /** Buffer plus un-flushed bytes over all streams. */
  bufferedBytes: number;
  /** Un-flushed messages over all streams. */
  unflushedMessages: number;
  /** The largest number of un-flushed messages any one stream has had. */
  maxUnflushedPerStream: number;
  /** Streams opened since the server started. */
  openedStreams: number;
}

/** The registry of streams. */
export interface StreamRegistry {
  /** Aborted when the server starts draining. */
  readonly drainSignal: AbortSignal;
  /** Registers a stream; RESOURCE_EXHAUSTED over the limit, UNAVAILABLE while draining. */
  open(dataset: string): StreamHandle;
  /** Stops admitting streams and resolves when every open stream has closed. */
  drain(): Promise<void>;
  stats(): StreamStats;
}

interface Entry {
  buffer: number;
  unflushed: number;
  unflushedBytes: number;
}

/** Creates a registry admitting at most `maxStreams` streams; `onBytes` sees every change of the total. */
export function createStreamRegistry(maxStreams: number, onBytes: (total: number) => void = () => {}): StreamRegistry {
  const entries = new Map<string, Entry>();
  const drainer = new AbortController();
  let next = 0;
  let maxUnflushed = 0;
  let idle: (() => void) | undefined;
  const total = (): number => {
    let t = 0;
    for (const e of entries.values()) t += e.buffer + e.unflushedBytes;
    return t;
  };
  return {
    drainSignal: drainer.signal,
    open(dataset) {
      if (drainer.signal.aborted) throw new ServerError("unavailable", "server is shutting down; retry on another replica");
      if (entries.size >= maxStreams) {
        throw new ServerError("resource-exhausted", `this server serves at most ${maxStreams} concurrent streams; retry later or on another replica`);
      }
      const id = `s${next++}`;
      const e: Entry = { buffer: 0, unflushed: 0, unflushedBytes: 0 };
      entries.set(id, e);
      return {
        id,
        dataset,
        setBufferBytes(bytes) {
          e.buffer = bytes;
          onBytes(total());
        },
        setUnflushed(messages, bytes) {
          e.unflushed = messages;
          e.unflushedBytes = bytes;
          if (messages > maxUnflushed) maxUnflushed = messages;
          onBytes(total());
        },
        close() {
          if (!entries.delete(id)) return;
          onBytes(total());
          if (entries.size === 0) idle?.();
        },
      };
    },
    drain() {
      drainer.abort();
      if (entries.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        idle = resolve;
      });
    },
    stats() {
      let unflushed = 0;
      for (const e of entries.values()) unflushed += e.unflushed;
      return { activeStreams: entries.size, bufferedBytes: total(), unflushedMessages: unflushed, maxUnflushedPerStream: maxUnflushed, openedStreams: next };
    },
  };
}
