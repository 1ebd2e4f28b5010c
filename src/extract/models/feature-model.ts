// The feature model: an onnxruntime (CPU) session over a preset's ONNX graph, cut at the requested
// output, that turns normalised pixels into a token grid [B,H,W,C] and a CLS/global vector [B,C].
// The grid geometry is measured once at load with a dummy input, so a wrong preset fails at load
// with a clear message instead of on the first real batch.
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import ort from "onnxruntime-node";
import type { ModelProvenance } from "../../cache/manifest.js";
import { RESAMPLER } from "../image/resample.js";
import { loadEmbeddedMobileNetV2 } from "./embedded-model.js";
import { ModelConfigError } from "./model-error.js";
import type { ModelSpec } from "./model-spec.js";
import { sha256Hex } from "./model-store.js";
import { onnx, type OnnxTypes } from "./onnx-builder.js";
import { availableOutputs, hasExternalData, outputNotFound, selectOutput } from "./onnx-output.js";
import { resolveModel } from "./resolve-model.js";
import { createTokenReader, type TokenReader } from "./token-reader.js";

export type { ModelSpec } from "./model-spec.js";

/** A loaded feature extractor. */
export interface FeatureModel {
  readonly spec: ModelSpec;
  /** What the features depend on (incl. onnxSha256); recorded in the cache manifest. */
  readonly provenance: ModelProvenance;
  readonly gridHeight: number;
  readonly gridWidth: number;
  readonly channels: number;
  /** pixels: normalised, in spec.inputLayout, batch*3*H*W floats. Returns tokens [B,H,W,C] and cls [B,C]. */
  run(pixels: Float32Array, batch: number): Promise<{ tokens: Float32Array; cls: Float32Array }>;
  close(): Promise<void>;
}

/** Options of loadFeatureModel. */
export interface LoadFeatureModelOptions {
  /** A preset name, `<preset>:<file.onnx>` or a preset JSON path; undefined = the embedded default. */
  model?: string;
  /** ONNX value holding the features (default: the preset's outputNode). */
  output?: string;
  /**
   * onnxruntime intra-op threads (default: os.availableParallelism(), which honours the process's CPU
   * affinity such as `taskset` or a container's cpuset; onnxruntime's own default counts the machine's
   * physical cores and oversubscribes a pinned process).
   */
  intraOpThreads?: number;
}

/** Loads a feature model: resolves the preset, prepares the ONNX graph and opens a session. */
export async function loadFeatureModel(opts: LoadFeatureModelOptions): Promise<FeatureModel> {
  const { spec: presetSpec, source } = await resolveModel(opts.model);
  let bytes: Uint8Array;
  let path: string;
  let sha256: string;
  if (source.kind === "embedded") {
    const stored = await loadEmbeddedMobileNetV2();
    ({ bytes, path, sha256 } = stored);
  } else {
    path = source.path;
    try {
      bytes = await readFile(path);
    } catch (err) {
      throw new ModelConfigError(`cannot read ONNX file ${path}: ${(err as Error).message}`);
    }
    sha256 = sha256Hex(bytes);
  }
  const proto = decodeModel(bytes, path);
  const outputNode = opts.output ?? (presetSpec.outputNode || (proto.graph?.output?.[0]?.name ?? ""));
  const spec: ModelSpec = { ...presetSpec, outputNode };
  const edited = selectOutput(proto, outputNode, path);
  if (edited && hasExternalData(proto)) {
    // onnxruntime resolves external data relative to the model file, so an edited copy in memory
    // cannot load it; such models must name one of their graph outputs.
    const outputs = (proto.graph?.output ?? []).map((o) => o.name ?? "");
    throw new ModelConfigError(
      `${path} keeps its weights in external data files; choose one of its graph outputs: ${outputs.join(", ")}`,
    );
  }
  const options: ort.InferenceSession.SessionOptions = {
    executionProviders: ["cpu"],
    graphOptimizationLevel: "all",
    // Idle intra-op threads sleep instead of spinning: extraction decodes images on the same cores
    // while inference runs, and spinning threads would take that time away.
    extra: { "session.intra_op.allow_spinning": "0" },
    intraOpNumThreads: opts.intraOpThreads ?? availableParallelism(),
  };
  const session = edited
    ? await ort.InferenceSession.create(onnx.ModelProto.encode(proto).finish(), options)
    : await ort.InferenceSession.create(path, options);
  try {
    return await openFeatureModel(session, spec, sha256, path);
  } catch (err) {
    await session.release();
    throw err;
  }
}

function decodeModel(bytes: Uint8Array, path: string): OnnxTypes.ModelProto {
  try {
    return onnx.ModelProto.decode(bytes);
  } catch (err) {
    throw new ModelConfigError(`${path} is not an ONNX model: ${(err as Error).message}`);
  }
}

async function openFeatureModel(
  session: ort.InferenceSession,
  spec: ModelSpec,
  sha256: string,
  where: string,
): Promise<FeatureModel> {
  if (session.inputNames.length !== 1) {
    throw new ModelConfigError(
      `${where} has ${session.inputNames.length} inputs; loff feeds exactly one image input`,
    );
  }
  const inputName = session.inputNames[0] as string;
  const h = spec.inputHeight;
  const w = spec.inputWidth;
  const inputDims = (batch: number): number[] =>
    spec.inputLayout === "nchw" ? [batch, 3, h, w] : [batch, h, w, 3];
  const infer = async (pixels: Float32Array, batch: number): Promise<ort.Tensor> => {
    const result = await session.run({ [inputName]: new ort.Tensor("float32", pixels, inputDims(batch)) });
    const out = result[spec.outputNode];
    if (out === undefined) throw outputNotFound(spec.outputNode, Object.keys(result), where);
    return out;
  };
  let probe: ort.Tensor;
  try {
    probe = await infer(new Float32Array(3 * h * w), 1);
  } catch (err) {
    if (err instanceof ModelConfigError) throw err;
    throw new ModelConfigError(
      `${where} rejected a [${inputDims(1).join(",")}] input (preset ${spec.preset}): ${(err as Error).message}`,
    );
  }
  const reader: TokenReader = createTokenReader(spec, probe.dims);
  const provenance: ModelProvenance = {
    preset: spec.preset,
    family: spec.family,
    onnxSha256: sha256,
    inputHeight: h,
    inputWidth: w,
    resize: spec.resize,
    resizeShorter: spec.resizeShorter ?? 0,
    pixelMean: [...spec.pixelMean],
    pixelStd: [...spec.pixelStd],
    inputLayout: spec.inputLayout,
    resampler: RESAMPLER,
    outputNode: spec.outputNode,
  };
  return {
    spec,
    provenance,
    gridHeight: reader.gridHeight,
    gridWidth: reader.gridWidth,
    channels: reader.channels,
    async run(pixels, batch) {
      if (!Number.isInteger(batch) || batch < 1 || pixels.length !== batch * 3 * h * w) {
        throw new RangeError(`run: ${pixels.length} pixels do not make ${batch} images of 3x${h}x${w}`);
      }
      const out = await infer(pixels, batch);
      if (out.type !== "float32")
        throw new Error(`output ${spec.outputNode} is ${out.type}, expected float32`);
      return reader.read(out.data as Float32Array, out.dims, batch);
    },
    async close() {
      await session.release();
    },
  };
}

/** Names a user may pass as `output` for a model file (graph outputs first). */
export async function listModelOutputs(path: string): Promise<string[]> {
  const proto = decodeModel(await readFile(path), path);
  return availableOutputs(proto.graph ?? {});
}
