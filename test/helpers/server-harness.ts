// Starts a real feature server on 127.0.0.1:0 over synthetic caches, with a client, and fails the
// test when streams or handles leak after both are closed.
import assert from "node:assert/strict";
import type { TestContext } from "node:test";
import { pino, type Logger } from "pino";
import { createFeatureClient, type FeatureClient, type FeatureClientOptions } from "../../src/client/index.js";
import { createAugmenter } from "../../src/augment/index.js";
import { createAugmentEngine, createFeatureServer, type AugmentEngine, type FeatureServer, type FeatureServerOptions } from "../../src/server/index.js";
import { activeResources, assertNoLeaks } from "./leak-check.js";
import { createSyntheticCache, type SyntheticCacheOptions } from "./synthetic-cache.js";
import { tempDir } from "./temp-dir.js";

/** A running server, its client, the caches' folder and the augmentation engine (if any). */
export interface Harness {
  server: FeatureServer;
  client: FeatureClient;
  cacheDir: string;
  engine: AugmentEngine | undefined;
  /** Opens another client to the same server. */
  newClient(opts?: Partial<FeatureClientOptions>): FeatureClient;
}

/** A logger for tests: silent unless LOFF_TEST_LOG names a level. */
export function testLogger(): Logger {
  return pino({ level: process.env.LOFF_TEST_LOG ?? "silent" });
}

/** Creates caches (default: one "synth" with train 40 / val 8), starts a server and a client. */
export async function startHarness(
  t: TestContext,
  opts: {
    caches?: Record<string, SyntheticCacheOptions>;
    server?: Partial<FeatureServerOptions>;
    client?: Partial<FeatureClientOptions>;
    /** Workers of a real CPU augmentation engine; absent = no engine. */
    augmentWorkers?: number;
  } = {},
): Promise<Harness> {
  const before = activeResources();
  const cacheDir = tempDir(t);
  for (const [name, c] of Object.entries(opts.caches ?? { synth: { splits: { train: 40, val: 8 } } })) await createSyntheticCache(cacheDir, name, c);
  const engine: AugmentEngine | undefined =
    opts.augmentWorkers === undefined ? undefined : createAugmentEngine(await createAugmenter({ device: "cpu", workers: opts.augmentWorkers }));
  const server = await createFeatureServer({ cacheDir, address: "127.0.0.1:0", log: testLogger(), engine, ...opts.server });
  const clients: FeatureClient[] = [];
  const newClient = (o: Partial<FeatureClientOptions> = {}): FeatureClient => {
    const c = createFeatureClient({ address: `127.0.0.1:${server.port}`, ...opts.client, ...o });
    clients.push(c);
    return c;
  };
  const client = newClient();
  t.after(async () => {
    for (const c of clients) c.close();
    await server.close();
    await engine?.close();
    assert.equal(server.stats().activeStreams, 0, "streams left open after close");
    await assertNoLeaks(before);
  });
  return { server, client, cacheDir, engine, newClient };
}
