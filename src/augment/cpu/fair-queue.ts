// Round-robin over stream keys: each stream has its own FIFO of work items and the next item
// comes from the next stream that has one, so a stream with deep queues cannot starve others.

/** A FIFO per key, served round-robin. */
export interface FairQueue<T> {
  push(key: string, item: T): void;
  /** The next item in round-robin order, or undefined when empty. */
  shift(): T | undefined;
  /** Removes every queued item matching `pred`; returns how many were removed. */
  remove(pred: (item: T) => boolean): number;
  readonly size: number;
}

/** Creates an empty fair queue. */
export function createFairQueue<T>(): FairQueue<T> {
  const queues = new Map<string, T[]>();
  let order: string[] = [];
  let next = 0;
  let size = 0;
  return {
    get size() {
      return size;
    },
    push(key, item) {
      let q = queues.get(key);
      if (q === undefined) {
        q = [];
        queues.set(key, q);
        order.push(key);
      }
      q.push(item);
      size++;
    },
    shift() {
      if (size === 0) return undefined;
      for (let i = 0; i < order.length; i++) {
        const at = (next + i) % order.length;
        const key = order[at] as string;
        const q = queues.get(key) as T[];
        if (q.length > 0) {
          size--;
          const item = q.shift() as T;
          if (q.length === 0) {
            queues.delete(key);
            order.splice(at, 1);
            next = order.length === 0 ? 0 : at % order.length;
          } else next = (at + 1) % order.length;
          return item;
        }
      }
      return undefined;
    },
    remove(pred) {
      let removed = 0;
      for (const [key, q] of queues) {
        const kept = q.filter((x) => !pred(x));
        removed += q.length - kept.length;
        if (kept.length === 0) queues.delete(key);
        else queues.set(key, kept);
      }
      order = order.filter((k) => queues.has(k));
      next = order.length === 0 ? 0 : next % order.length;
      size -= removed;
      return removed;
    },
  };
}
