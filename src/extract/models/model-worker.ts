// One extraction worker thread: decodes a batch of images, runs the model on it (onnxruntime-node's
// `run` blocks the thread that calls it) and finishes the features (k x k pooling, fp16 with the
// WebAssembly SIMD encoder, per-record channel sums for the cache's summaries), so the main thread
// only writes what the cache stores. Decoding here and not on the main thread is what lets
// extraction use every core: on a 16-core host the main thread alone capped it at ~250 images/s.
// Messages in: `{ paths, pixels }`, or `{ n, pixels }` for n images already decoded into the buffer
// (an ArrayBuffer, transferred and used in place as the model input). Out: `{ pixels, tokens, cls,
// sums, failed }` (all transferred; the pixel buffer goes back for the next batch) or `{ pixels, error }`.
import { parentPort, workerData } from "node:worker_threads";
import { createBulkConverter } from "../../augment/cpu/bulk-convert.js";
import { avgPoolFloat32 } from "../../augment/pool.js";
import { sumTokens } from "../../cache/index.js";
import { ImageDecodeError, preprocessImage } from "../image/index.js";
import { loadFeatureModel, type LoadFeatureModelOptions } from "./feature-model.js";

const port = parentPort;
if (port === null) throw new Error("model-worker must run in a worker thread");
const options = workerData as LoadFeatureModelOptions & { pool: number };
const model = await loadFeatureModel(options);
const per = 3 * model.spec.inputHeight * model.spec.inputWidth;
const fp16 = createBulkConverter();

/** Decodes every path into its slot, then moves the good ones together; returns their count and the failures. */
async function decode(paths: readonly string[], pixels: Float32Array): Promise<{ n: number; failed: Array<{ index: number; reason: string }> }> {
  const reasons = await Promise.all(
    paths.map((path, i) =>
      preprocessImage(path, model.spec, pixels, i).then(
        () => undefined,
        (err: unknown) => {
          if (err instanceof ImageDecodeError) return err.reason;
          throw err;
        },
      ),
    ),
  );
  const failed: Array<{ index: number; reason: string }> = [];
  let n = 0;
  reasons.forEach((reason, i) => {
    if (reason !== undefined) {
      failed.push({ index: i, reason });
      return;
    }
    if (n !== i) pixels.copyWithin(n * per, i * per, (i + 1) * per);
    n++;
  });
  return { n, failed };
}

async function runBatch(batch: { paths: readonly string[] } | { n: number }, pixels: ArrayBuffer): Promise<void> {
  const size = "paths" in batch ? batch.paths.length : batch.n;
  const input = new Float32Array(pixels, 0, size * per);
  const { n, failed } = "paths" in batch ? await decode(batch.paths, input) : { n: batch.n, failed: [] };
  if (n === 0) {
    port?.postMessage({ pixels, tokens: new Uint16Array(0), cls: new Uint16Array(0), sums: new Float64Array(0), failed }, [pixels]);
    return;
  }
  const out = await model.run(input.subarray(0, n * per), n);
  const k = options.pool;
  const grid = [n, model.gridHeight, model.gridWidth, model.channels] as [number, number, number, number];
  const tokens32 = k > 1 ? avgPoolFloat32(out.tokens, grid, k) : out.tokens;
  const tokens = new Uint16Array(tokens32.length);
  const cls = new Uint16Array(out.cls.length);
  fp16.toFloat16(tokens32, tokens);
  fp16.toFloat16(out.cls, cls);
  // Per record: C sums then C sums of squares of its stored (fp16) tokens.
  const c = model.channels;
  const perRecord = tokens.length / n;
  const sums = new Float64Array(n * 2 * c);
  for (let i = 0; i < n; i++) {
    sumTokens(tokens.subarray(i * perRecord, (i + 1) * perRecord), c, { sum: sums.subarray(2 * i * c, (2 * i + 1) * c), sumSq: sums.subarray((2 * i + 1) * c, (2 * i + 2) * c) });
  }
  port?.postMessage({ pixels, tokens, cls, sums, failed }, [pixels, tokens.buffer, cls.buffer, sums.buffer]);
}

port.on("message", (msg: ({ paths: string[] } | { n: number }) & { pixels: ArrayBuffer } | "close") => {
  if (msg === "close") {
    void model.close().then(() => port.close());
    return;
  }
  runBatch(msg, msg.pixels).catch((err: unknown) =>
    port.postMessage({ pixels: msg.pixels, error: err instanceof Error ? err.message : String(err) }),
  );
});
port.postMessage("ready");
