// Bounded writing to a server stream: grpc-js buffers ~16 messages before write() returns false,
// so the writer counts messages whose write callback has not fired (not yet flushed to the
// connection) and makes the producer wait while `maxUnflushed` are outstanding.
import type { ServerWritableStream } from "@grpc/grpc-js";
import type { OutgoingMessage } from "./outgoing-message.js";

/** A stream's bounded writer. */
export interface StreamWriter {
  /** Messages written and not yet flushed. */
  readonly unflushed: number;
  /** Bytes of those messages. */
  readonly unflushedBytes: number;
  /** Resolves once fewer than `maxUnflushed` messages are outstanding (or the signal aborts). */
  waitForCapacity(signal: AbortSignal): Promise<void>;
  /** Writes one message; its buffer is free again once `msg.onSerialized` ran. */
  write(msg: OutgoingMessage): void;
}

/** Wraps `call` with a limit of `maxUnflushed` outstanding messages; `onChange` sees every change. */
export function createStreamWriter<Req>(
  call: ServerWritableStream<Req, OutgoingMessage>,
  maxUnflushed: number,
  onChange: (messages: number, bytes: number) => void = () => {},
): StreamWriter {
  let unflushed = 0;
  let unflushedBytes = 0;
  let wake: (() => void) | undefined;
  return {
    get unflushed() {
      return unflushed;
    },
    get unflushedBytes() {
      return unflushedBytes;
    },
    waitForCapacity(signal) {
      if (unflushed < maxUnflushed || signal.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = (): void => {
          signal.removeEventListener("abort", done);
          wake = undefined;
          resolve();
        };
        wake = done;
        signal.addEventListener("abort", done, { once: true });
      });
    },
    write(msg) {
      const n = msg.bytes.length;
      unflushed++;
      unflushedBytes += n;
      onChange(unflushed, unflushedBytes);
      call.write(msg, () => {
        unflushed--;
        unflushedBytes -= n;
        onChange(unflushed, unflushedBytes);
        if (unflushed < maxUnflushed) wake?.();
      });
    },
  };
}
