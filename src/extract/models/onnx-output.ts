// Choosing the feature output of an ONNX graph: list the values a user may ask for, make the chosen
// one the only graph output (appending its ValueInfo when it is an intermediate value) and drop the
// nodes it does not depend on, so a session computes nothing past the features.
import { floatValueInfo, onnx, type OnnxTypes } from "./onnx-builder.js";
import { ModelConfigError } from "./model-error.js";

type Graph = OnnxTypes.IGraphProto;
type Node = OnnxTypes.INodeProto;

/** How many names an "output not found" message lists before summarising. */
const LISTED = 30;

/** Graph outputs first, then every node output in graph order (no duplicates). */
export function availableOutputs(graph: Graph): string[] {
  const names = new Set<string>();
  for (const o of graph.output ?? []) if (o.name) names.add(o.name);
  for (const n of graph.node ?? []) for (const o of n.output ?? []) if (o) names.add(o);
  return [...names];
}

/** The error for a missing output: the names a user can pick, shortened when there are many. */
export function outputNotFound(requested: string, available: string[], where: string): ModelConfigError {
  const shown = available.slice(0, LISTED).join(", ");
  const more = available.length > LISTED ? `, ... (${available.length} in all)` : "";
  return new ModelConfigError(`output "${requested}" does not exist in ${where}; available: ${shown}${more}`);
}

/** Names a node reads, including outer-scope names used inside its subgraphs (If, Loop, Scan). */
function reads(node: Node): string[] {
  const names = [...(node.input ?? [])];
  for (const a of node.attribute ?? []) {
    for (const g of [a.g, ...(a.graphs ?? [])]) {
      for (const inner of g?.node ?? []) names.push(...reads(inner));
    }
  }
  return names;
}

/**
 * Makes `name` the single output of `model.graph` and prunes what it does not need. Returns false
 * when the graph already was exactly that (no edit made). Throws ModelConfigError when absent.
 */
export function selectOutput(model: OnnxTypes.IModelProto, name: string, where: string): boolean {
  const graph = model.graph;
  if (!graph) throw new ModelConfigError(`${where} has no graph`);
  const outputs = graph.output ?? [];
  if (outputs.length === 1 && outputs[0]?.name === name) return false;
  const available = availableOutputs(graph);
  if (!available.includes(name)) throw outputNotFound(name, available, where);
  const info =
    outputs.find((o) => o.name === name) ??
    (graph.valueInfo ?? []).find((v) => v.name === name) ??
    floatValueInfo(name);
  graph.output = [info];
  // Walk backwards from the output: a node is kept when something kept reads one of its outputs.
  const nodes = graph.node ?? [];
  const needed = new Set([name]);
  const keep = new Array<boolean>(nodes.length).fill(false);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i] as Node;
    if (!(node.output ?? []).some((o) => needed.has(o))) continue;
    keep[i] = true;
    for (const r of reads(node)) needed.add(r);
  }
  graph.node = nodes.filter((_, i) => keep[i]);
  graph.initializer = (graph.initializer ?? []).filter((t) => needed.has(t.name ?? ""));
  return true;
}

/** True when some initialiser keeps its data in an external file. */
export function hasExternalData(model: OnnxTypes.IModelProto): boolean {
  return (model.graph?.initializer ?? []).some(
    (t) => t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL,
  );
}
