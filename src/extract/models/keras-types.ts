// The parts of a tfjs-layers model JSON (Keras functional model) the converter reads.

/** One entry of a tfjs weight manifest. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; min?: number; scale?: number };
}

/** An inbound connection: [layer name, node index, tensor index, kwargs]. */
export type KerasInbound = [string, number, number, ...unknown[]];

/** One layer of a functional model. */
export interface KerasLayer {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: KerasInbound[][];
}

/** A tfjs-layers model JSON (model.json). */
export interface KerasModelJson {
  modelTopology: {
    keras_version?: string;
    model_config: {
      class_name: string;
      config: {
        name?: string;
        layers: KerasLayer[];
        input_layers: KerasInbound[];
        output_layers: KerasInbound[];
      };
    };
  };
  weightsManifest: Array<{ paths: string[]; weights: WeightSpec[] }>;
}

/** Decoded weights by name ("layer/kernel"), each with its Keras shape. */
export type KerasWeights = Map<string, { shape: number[]; data: Float32Array }>;
