// Reusable SharedArrayBuffers for callers that pass ordinary (non-shared) arrays: workers can
// only write in place into shared memory, so such inputs and outputs go through staging. Buffers
// return to a free list, so a steady stream of same-sized batches allocates nothing.

/** A free list of shared buffers. */
export interface StagingPool {
  acquire(bytes: number): SharedArrayBuffer;
  release(buf: SharedArrayBuffer): void;
}

/** Creates a staging pool keeping at most `keep` idle buffers. */
export function createStagingPool(keep = 8): StagingPool {
  const free: SharedArrayBuffer[] = [];
  return {
    acquire(bytes) {
      const i = free.findIndex((b) => b.byteLength >= bytes && b.byteLength <= bytes * 2);
      if (i >= 0) return free.splice(i, 1)[0] as SharedArrayBuffer;
      return new SharedArrayBuffer(Math.max(bytes, 8));
    },
    release(buf) {
      free.push(buf);
      if (free.length > keep) free.shift();
    },
  };
}

/** True when the array's memory can be shared with workers. */
export function isShared(a: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer !== "undefined" && a.buffer instanceof SharedArrayBuffer;
}
