#!/usr/bin/env node
// Entry point of the `loff` command: registers tsx so the TypeScript sources run as they are.
import { availableParallelism } from "node:os";

// sharp decodes on libuv's thread pool, 4 threads by default and shared by every worker thread of
// the process: with one extraction worker per core, JPEG/WebP decoding would queue behind 4 threads.
// The size is read when the pool first starts, so it is set before anything can use it.
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(4, availableParallelism()));
const { register } = await import("tsx/esm/api");
register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
