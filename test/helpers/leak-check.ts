// Detects leaked handles: snapshots the process's active resources (sockets, servers, timers)
// before a test and fails it when more remain after its cleanup.
import assert from "node:assert/strict";

/** Counts of active resources by type (process.getActiveResourcesInfo). */
export type ResourceCounts = Map<string, number>;

/** Snapshots the active resources. */
export function activeResources(): ResourceCounts {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

function excess(before: ResourceCounts, now: ResourceCounts): string[] {
  const out: string[] = [];
  for (const [k, n] of now) if (n > (before.get(k) ?? 0)) out.push(`${k}: ${before.get(k) ?? 0} -> ${n}`);
  return out;
}

/**
 * Fails unless the active resources return to `before`. Closing sockets completes over a few event
 * loop turns, so this yields to the loop (setImmediate, never a fixed sleep) up to `turns` times.
 */
export async function assertNoLeaks(before: ResourceCounts, turns = 200): Promise<void> {
  let diff: string[] = [];
  for (let i = 0; i < turns; i++) {
    diff = excess(before, activeResources());
    if (diff.length === 0) return;
    await new Promise((r) => setImmediate(r));
  }
  assert.fail(`leaked handles after close: ${diff.join("; ")}`);
}
