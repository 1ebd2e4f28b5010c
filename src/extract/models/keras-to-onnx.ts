// Keras (tfjs layers) functional model -> ONNX. The ONNX graph takes NHWC pixels like Keras does,
// transposes once and computes in NCHW (the layout onnxruntime's CPU kernels are fastest in). Every
// Keras layer's output is an ONNX value named after the layer (NCHW for feature maps), so any layer
// can become the feature output; BatchNormalization and ReLU6 stay separate nodes and onnxruntime
// fuses them into the convolutions when it optimises the session.
import { createGraphBuilder, type GraphBuilder } from "./onnx-builder.js";
import type { KerasLayer, KerasModelJson, KerasWeights } from "./keras-types.js";

/** Name of the ONNX graph input: float32 pixels [batch, H, W, 3]. */
export const KERAS_ONNX_INPUT = "pixels";

/** Shape of a value without the batch dim: [C, H, W] for maps, [F] for vectors. */
type Shape = number[];

interface Ctx {
  g: GraphBuilder;
  weights: KerasWeights;
  shapes: Map<string, Shape>;
}

/** Converts a Keras functional model with its decoded weights; returns the serialised ONNX model. */
export function kerasToOnnx(json: KerasModelJson, weights: KerasWeights, docString = ""): Uint8Array {
  const config = json.modelTopology.model_config.config;
  const ctx: Ctx = { g: createGraphBuilder(), weights, shapes: new Map() };
  for (const layer of config.layers) convertLayer(ctx, layer);
  for (const [name] of config.output_layers) {
    ctx.g.output(name, ["batch", ...(ctx.shapes.get(name) ?? [])]);
  }
  return ctx.g.build({ graphName: config.name ?? "keras", producer: "loff keras-to-onnx", docString });
}

function inputsOf(layer: KerasLayer): string[] {
  if (layer.inbound_nodes.length > 1) throw new Error(`layer ${layer.name}: shared layers are not supported`);
  return (layer.inbound_nodes[0] ?? []).map((inbound) => inbound[0]);
}

function weight(ctx: Ctx, layer: string, param: string): { shape: number[]; data: Float32Array } {
  const w = ctx.weights.get(`${layer}/${param}`);
  if (w === undefined) throw new Error(`layer ${layer}: weight ${param} missing`);
  return w;
}

function shapeOf(ctx: Ctx, name: string): Shape {
  const s = ctx.shapes.get(name);
  if (s === undefined) throw new Error(`value ${name} used before it is defined`);
  return s;
}

function pair(v: unknown, what: string, layer: string): [number, number] {
  if (typeof v === "number") return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number"))
    return [v[0] as number, v[1] as number];
  throw new Error(`layer ${layer}: bad ${what} ${JSON.stringify(v)}`);
}

function convertLayer(ctx: Ctx, layer: KerasLayer): void {
  const c = layer.config;
  const name = layer.name;
  const inputs = inputsOf(layer);
  const x = inputs[0] ?? "";
  const { g } = ctx;
  const set = (shape: Shape): void => void ctx.shapes.set(name, shape);
  const channelsLast = (c.data_format ?? "channels_last") === "channels_last";
  if (!channelsLast) throw new Error(`layer ${name}: only channels_last is supported`);
  switch (layer.class_name) {
    case "InputLayer": {
      const dims = c.batch_input_shape as Array<number | null>;
      const [h, w, ch] = dims.slice(1) as number[];
      if (dims.length !== 4 || !h || !w || !ch) throw new Error(`input ${name}: need [batch, H, W, C]`);
      g.input(KERAS_ONNX_INPUT, ["batch", h, w, ch]);
      g.node("Transpose", [KERAS_ONNX_INPUT], [name], { perm: [0, 3, 1, 2] });
      return set([ch, h, w]);
    }
    case "ZeroPadding2D": {
      const [[t, b], [l, r]] = zeroPadding(c.padding, name);
      const pads = g.ints(`${name}/pads`, [8], [0, 0, t, l, 0, 0, b, r]);
      g.node("Pad", [x, pads], [name], { mode: "constant" });
      const [ch, h, w] = shapeOf(ctx, x) as [number, number, number];
      return set([ch, h + t + b, w + l + r]);
    }
    case "Conv2D":
    case "DepthwiseConv2D":
      return convertConv(ctx, layer, x);
    case "BatchNormalization": {
      const shape = shapeOf(ctx, x);
      const axis = c.axis as number;
      if (axis !== -1 && axis !== shape.length)
        throw new Error(`layer ${name}: only channel-axis BN is supported`);
      const n = shape[0] as number;
      const get = (p: string, flag: unknown, fill: number): string => {
        const data = flag === false ? new Float32Array(n).fill(fill) : weight(ctx, name, p).data;
        return g.floats(`${name}/${p}`, [n], data);
      };
      const ins = [x, get("gamma", c.scale, 1), get("beta", c.center, 0), get("moving_mean", true, 0)];
      ins.push(get("moving_variance", true, 1));
      g.node("BatchNormalization", ins, [name], { epsilon: { float: c.epsilon as number } });
      return set(shape);
    }
    case "ReLU": {
      if ((c.negative_slope ?? 0) !== 0 || (c.threshold ?? 0) !== 0) {
        throw new Error(`layer ${name}: leaky or thresholded ReLU is not supported`);
      }
      activation(
        g,
        name,
        x,
        c.max_value === 6 ? "relu6" : c.max_value == null ? "relu" : `relu:${c.max_value}`,
      );
      return set(shapeOf(ctx, x));
    }
    case "Activation":
      activation(g, name, x, c.activation as string);
      return set(shapeOf(ctx, x));
    case "Add":
      g.node("Sum", inputs, [name]);
      return set(shapeOf(ctx, x));
    case "Concatenate": {
      const shapes = inputs.map((i) => shapeOf(ctx, i));
      const rank = (shapes[0] as Shape).length + 1;
      const axis = (c.axis as number) < 0 ? rank + (c.axis as number) : (c.axis as number);
      // Keras axes are NHWC; the channel axis (last) is 1 in NCHW.
      const onnxAxis = rank === 4 ? [0, 2, 3, 1][axis] : axis;
      if (onnxAxis === undefined) throw new Error(`layer ${name}: bad axis`);
      g.node("Concat", inputs, [name], { axis: onnxAxis });
      const out = [...(shapes[0] as Shape)];
      out[onnxAxis - 1] = shapes.reduce((s, sh) => s + (sh[onnxAxis - 1] as number), 0);
      return set(out);
    }
    case "AveragePooling2D":
    case "MaxPooling2D": {
      const [kh, kw] = pair(c.pool_size, "pool_size", name);
      const [sh, sw] = c.strides == null ? [kh, kw] : pair(c.strides, "strides", name);
      const [ch, h, w] = shapeOf(ctx, x) as [number, number, number];
      const [ph, oh] = padding(c.padding as string, h, kh, sh, 1);
      const [pw, ow] = padding(c.padding as string, w, kw, sw, 1);
      const op = layer.class_name === "MaxPooling2D" ? "MaxPool" : "AveragePool";
      g.node(op, [x], [name], {
        kernel_shape: [kh, kw],
        strides: [sh, sw],
        pads: [ph[0], pw[0], ph[1], pw[1]],
      });
      return set([ch, oh, ow]);
    }
    case "GlobalAveragePooling2D":
      g.node("ReduceMean", [x], [name], { axes: [2, 3], keepdims: 0 });
      return set([shapeOf(ctx, x)[0] as number]);
    case "Flatten": {
      const shape = shapeOf(ctx, x);
      // Keras flattens in NHWC order; go back to NHWC first so Dense weights line up.
      const src = shape.length === 3 ? g.node("Transpose", [x], [`${name}/nhwc`], { perm: [0, 2, 3, 1] }) : x;
      g.node("Flatten", [src], [name], { axis: 1 });
      return set([shape.reduce((a, b) => a * b, 1)]);
    }
    case "Dense": {
      const kernel = weight(ctx, name, "kernel");
      const [fin, units] = kernel.shape as [number, number];
      if (shapeOf(ctx, x).length !== 1)
        throw new Error(`layer ${name}: Dense on a feature map is not supported`);
      let y = g.node(
        "MatMul",
        [x, g.floats(`${name}/kernel`, [fin, units], kernel.data)],
        [`${name}/matmul`],
      );
      if (c.use_bias !== false) {
        y = g.node(
          "Add",
          [y, g.floats(`${name}/bias`, [units], weight(ctx, name, "bias").data)],
          [`${name}/bias_add`],
        );
      }
      activation(g, name, y, (c.activation as string | undefined) ?? "linear");
      return set([units]);
    }
    case "Dropout":
      g.node("Identity", [x], [name]);
      return set(shapeOf(ctx, x));
    default:
      throw new Error(`layer ${name}: Keras layer ${layer.class_name} is not supported`);
  }
}

/** Keras ZeroPadding2D forms: p, [rows, cols] or [[top, bottom], [left, right]]. */
function zeroPadding(p: unknown, layer: string): [[number, number], [number, number]] {
  if (Array.isArray(p) && Array.isArray(p[0]))
    return [pair(p[0], "padding", layer), pair(p[1], "padding", layer)];
  const [rows, cols] = pair(p, "padding", layer);
  return [
    [rows, rows],
    [cols, cols],
  ];
}

/** Keras padding rule -> ([begin, end], output size) along one axis. */
function padding(
  mode: string,
  size: number,
  k: number,
  stride: number,
  dilation: number,
): [[number, number], number] {
  const eff = (k - 1) * dilation + 1;
  if (mode === "valid") return [[0, 0], Math.floor((size - eff) / stride) + 1];
  if (mode !== "same") throw new Error(`padding ${mode} is not supported`);
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + eff - size, 0);
  // TensorFlow puts the odd pixel at the end (bottom/right).
  return [[Math.floor(total / 2), total - Math.floor(total / 2)], out];
}

function convertConv(ctx: Ctx, layer: KerasLayer, x: string): void {
  const { g } = ctx;
  const c = layer.config;
  const name = layer.name;
  const depthwise = layer.class_name === "DepthwiseConv2D";
  const [ch, h, w] = shapeOf(ctx, x) as [number, number, number];
  const [kh, kw] = pair(c.kernel_size, "kernel_size", name);
  const [sh, sw] = pair(c.strides ?? 1, "strides", name);
  const [dh, dw] = pair(c.dilation_rate ?? 1, "dilation_rate", name);
  const [ph, oh] = padding(c.padding as string, h, kh, sh, dh);
  const [pw, ow] = padding(c.padding as string, w, kw, sw, dw);
  const kernel = weight(ctx, name, depthwise ? "depthwise_kernel" : "kernel");
  const [, , cin, cout] = kernel.shape as [number, number, number, number];
  if (cin !== ch) throw new Error(`layer ${name}: kernel expects ${cin} channels, input has ${ch}`);
  // Keras [kh, kw, in, out|multiplier] -> ONNX [out, in/group, kh, kw]; for depthwise, output channel
  // i * multiplier + m comes from input channel i, which is what ONNX groups of size 1 compute.
  const outChannels = depthwise ? cin * cout : cout;
  const inPerGroup = depthwise ? 1 : cin;
  const data = new Float32Array(kernel.data.length);
  for (let y = 0; y < kh; y++)
    for (let xx = 0; xx < kw; xx++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) {
          const src = ((y * kw + xx) * cin + i) * cout + o;
          const oc = depthwise ? i * cout + o : o;
          const ic = depthwise ? 0 : i;
          data[((oc * inPerGroup + ic) * kh + y) * kw + xx] = kernel.data[src] as number;
        }
  const ins = [x, g.floats(`${name}/kernel`, [outChannels, inPerGroup, kh, kw], data)];
  if (c.use_bias === true) ins.push(g.floats(`${name}/bias`, [outChannels], weight(ctx, name, "bias").data));
  const act = (c.activation as string | undefined) ?? "linear";
  const convOut = act === "linear" ? name : `${name}/conv`;
  g.node("Conv", ins, [convOut], {
    kernel_shape: [kh, kw],
    strides: [sh, sw],
    dilations: [dh, dw],
    pads: [ph[0], pw[0], ph[1], pw[1]],
    group: depthwise ? cin : 1,
  });
  if (act !== "linear") activation(g, name, convOut, act);
  ctx.shapes.set(name, [outChannels, oh, ow]);
}

/** Emits the activation as the node producing `name` (Identity for linear). */
function activation(g: GraphBuilder, name: string, x: string, act: string): void {
  if (act === "linear") {
    g.node("Identity", [x], [name]);
  } else if (act === "relu") {
    g.node("Relu", [x], [name]);
  } else if (act === "relu6" || act.startsWith("relu:")) {
    const max = act === "relu6" ? 6 : Number(act.slice(5));
    const lo = g.floats(`${name}/clip_min`, [], new Float32Array([0]));
    const hi = g.floats(`${name}/clip_max`, [], new Float32Array([max]));
    g.node("Clip", [x, lo, hi], [name]);
  } else if (act === "softmax") {
    g.node("Softmax", [x], [name], { axis: -1 });
  } else if (act === "sigmoid") {
    g.node("Sigmoid", [x], [name]);
  } else if (act === "tanh") {
    g.node("Tanh", [x], [name]);
  } else {
    throw new Error(`activation ${act} is not supported`);
  }
}
