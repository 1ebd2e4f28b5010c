// A small ONNX graph builder over onnx-proto: nodes, float initialisers and the model envelope.
// The Keras converter and the test models use it, so both emit the same, deterministic bytes.
import onnxProto from "onnx-proto";
import type { onnx as OnnxTypes } from "onnx-proto";

/** The onnx-proto namespace (ModelProto, GraphProto, ...). */
export const onnx = onnxProto.onnx;
/** onnx-proto's message types (onnx.IModelProto, ...). */
export type { onnx as OnnxTypes } from "onnx-proto";

/** ONNX opset the builder targets (Clip and Pad take min/max and pads as inputs since opset 11). */
export const ONNX_OPSET = 13;

/** An attribute value: an int, a float, a list of ints, or a string. */
export type AttrValue = number | number[] | string | { float: number };

/** Collects nodes, initialisers, inputs and outputs of one graph. */
export interface GraphBuilder {
  /** Adds a node; returns its first output name. */
  node(op: string, inputs: string[], outputs: string[], attrs?: Record<string, AttrValue>): string;
  /** Adds a float32 initialiser. */
  floats(name: string, dims: number[], data: Float32Array): string;
  /** Adds an int64 initialiser. */
  ints(name: string, dims: number[], data: number[]): string;
  /** Declares a float32 graph input with the given dims (a string is a symbolic dim). */
  input(name: string, dims: Array<number | string>): void;
  /** Declares a float32 graph output (dims optional). */
  output(name: string, dims?: Array<number | string>): void;
  /** Serialises the model. */
  build(meta: { graphName: string; producer: string; docString?: string }): Uint8Array;
}

/** A float32 tensor value-info, as graph inputs and outputs need. */
export function floatValueInfo(name: string, dims?: Array<number | string>): OnnxTypes.IValueInfoProto {
  const shape =
    dims === undefined
      ? undefined
      : { dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) };
  return { name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape } } };
}

function attribute(name: string, v: AttrValue): OnnxTypes.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === "number") return { name, type: T.INT, i: v };
  if (typeof v === "string") return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: T.INTS, ints: v };
  return { name, type: T.FLOAT, f: v.float };
}

/** Creates an empty graph builder. */
export function createGraphBuilder(): GraphBuilder {
  const nodes: OnnxTypes.INodeProto[] = [];
  const initializer: OnnxTypes.ITensorProto[] = [];
  const inputs: OnnxTypes.IValueInfoProto[] = [];
  const outputs: OnnxTypes.IValueInfoProto[] = [];
  return {
    node(op, nodeInputs, nodeOutputs, attrs = {}) {
      const name = nodeOutputs[0] ?? op;
      nodes.push({
        name,
        opType: op,
        input: nodeInputs,
        output: nodeOutputs,
        attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
      });
      return name;
    },
    floats(name, dims, data) {
      // raw_data is little-endian, which is what Float32Array holds on every platform Node runs on.
      const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      initializer.push({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: raw.slice() });
      return name;
    },
    ints(name, dims, data) {
      initializer.push({ name, dims, dataType: onnx.TensorProto.DataType.INT64, int64Data: data });
      return name;
    },
    input(name, dims) {
      inputs.push(floatValueInfo(name, dims));
    },
    output(name, dims) {
      outputs.push(floatValueInfo(name, dims));
    },
    build(meta) {
      const model = onnx.ModelProto.create({
        irVersion: 7,
        opsetImport: [{ domain: "", version: ONNX_OPSET }],
        producerName: meta.producer,
        docString: meta.docString ?? "",
        graph: { name: meta.graphName, node: nodes, initializer, input: inputs, output: outputs },
      });
      return onnx.ModelProto.encode(model).finish();
    },
  };
}
