// A pre-encoded message on its way to grpc-js. grpc-js serializes (and copies, while framing) a
// message only when its Writable gets to it, which may be after later writes were queued; the
// serializer therefore reports when the bytes have been taken, and only then is the slot reused.

/** Bytes of a message plus the hook grpc-js's serializer calls. */
export interface OutgoingMessage {
  bytes: Buffer;
  /** Runs right after grpc-js copied `bytes` into its frame. */
  onSerialized: () => void;
}

/** The pass-through serializer: hands grpc-js the bytes, then frees their buffer. */
export function serializeOutgoing(m: OutgoingMessage): Buffer {
  // grpc-js copies the returned buffer synchronously after this returns; a microtask runs after that.
  queueMicrotask(m.onSerialized);
  return m.bytes;
}
