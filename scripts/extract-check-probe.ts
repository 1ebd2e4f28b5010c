// Part of .extractcheck/ (scripts/build-extract-check.sh bundles it beside bench/extract.ts): prints
// one JSON line with the parallelism that bench:extract gets on this machine under the current CPU
// affinity, from the same code the bench runs: the extraction worker count (EXTRACT_DEFAULTS.workers,
// i.e. availableParallelism; runExtraction caps it at the number of batches), onnxruntime's intra-op
// thread count for the bare-inference session (loadFeatureModel({}): onnxruntime's default, measured
// from the threads a session adds to the process) and sharp's libvips concurrency.
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import sharp from "sharp";
import { loadFeatureModel } from "../src/extract/models/feature-model.js";
import { EXTRACT_DEFAULTS } from "../src/extract/pipeline/extract-options.js";

const threads = (): number => readdirSync("/proc/self/task").length;
const status = readFileSync("/proc/self/status", "utf8");

/** Threads a model session adds to the process while it is open. */
async function sessionThreads(intraOpThreads: number | undefined): Promise<number> {
  const before = threads();
  const model = await loadFeatureModel(intraOpThreads === undefined ? {} : { intraOpThreads });
  const added = threads() - before;
  await model.close();
  return added;
}

// The first load also starts process-wide threads (libuv's pool, onnxruntime's environment): discard it.
await sessionThreads(1);
const oneAdded = await sessionThreads(1);
const twoAdded = await sessionThreads(2);
const defaultAdded = await sessionThreads(undefined);
console.log(
  JSON.stringify({
    cpus_allowed: /Cpus_allowed_list:\s*(\S+)/.exec(status)?.[1] ?? "?",
    os_cpus: cpus().length,
    available_parallelism: availableParallelism(),
    extract_default_workers: EXTRACT_DEFAULTS.workers,
    // A pool of n intra-op threads adds n - 1 (the caller runs too); intraOpThreads 1 adds none.
    ort_default_intra_op_threads: defaultAdded - oneAdded + 1,
    ort_threads_added: { intra1: oneAdded, intra2: twoAdded, default: defaultAdded },
    sharp_concurrency: sharp.concurrency(),
    uv_threadpool_size: process.env.UV_THREADPOOL_SIZE ?? "default (4)",
    versions: { node: process.versions.node, sharp: sharp.versions.sharp, vips: sharp.versions.vips },
  }),
);
