// A model session in a worker thread. onnxruntime-node's `run` blocks the thread that calls it, so
// extraction runs inference here and keeps the main thread free for decoding and LMDB writes. The
// worker also finishes the features (k x k pooling, fp16 with the WebAssembly SIMD encoder), so the
// main thread receives exactly what the cache stores. Messages: `{ pixels: ArrayBuffer, n }` in
// (transferred: onnxruntime reads it in place), `{ pixels, tokens, cls }` out (all transferred; the
// pixel buffer goes back for the next batch) or `{ pixels, error }`.
import { parentPort, workerData } from "node:worker_threads";
import { createBulkConverter } from "../../augment/cpu/bulk-convert.js";
import { avgPoolFloat32 } from "../../augment/pool.js";
import { loadFeatureModel, type LoadFeatureModelOptions } from "./feature-model.js";

const port = parentPort;
if (port === null) throw new Error("model-worker must run in a worker thread");
const options = workerData as LoadFeatureModelOptions & { pool: number };
const model = await loadFeatureModel(options);
const per = 3 * model.spec.inputHeight * model.spec.inputWidth;
const fp16 = createBulkConverter();
port.on("message", (msg: { pixels: ArrayBuffer; n: number } | "close") => {
  if (msg === "close") {
    void model.close().then(() => port.close());
    return;
  }
  const { pixels, n } = msg;
  model.run(new Float32Array(pixels, 0, n * per), n).then(
    (out) => {
      const k = options.pool;
      const grid = [n, model.gridHeight, model.gridWidth, model.channels] as [number, number, number, number];
      const tokens32 = k > 1 ? avgPoolFloat32(out.tokens, grid, k) : out.tokens;
      const tokens = new Uint16Array(tokens32.length);
      const cls = new Uint16Array(out.cls.length);
      fp16.toFloat16(tokens32, tokens);
      fp16.toFloat16(out.cls, cls);
      port.postMessage({ pixels, tokens, cls }, [pixels, tokens.buffer, cls.buffer]);
    },
    (err: unknown) => port.postMessage({ pixels, error: err instanceof Error ? err.message : String(err) }, [pixels]),
  );
});
port.postMessage("ready");
