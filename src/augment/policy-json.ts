// The CLI's JSON form of a policy. Accepted:
//   "loff-ta"                                   a preset name (JSON string)
//   {"preset": "loff-ta"}                       the contract's proto3 JSON form ...
//   {"ops": [{"horizontalFlip": {"p": 0.5}}]}   ... op and field names in camelCase or snake_case
//   [{"op": "random_resized_crop", "scaleMin": 0.3}, ...]   a friendlier list: "op" names the op
// Unknown ops or fields and wrongly typed values are errors naming the op index and field.
import type { AugmentationOp, AugmentationPolicy } from "../gen/loff/v1/augmentation.js";
import { OPS } from "./ops/registry.js";
import { PolicyError } from "./policy-error.js";

const camel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function parseOp(raw: unknown, at: number): AugmentationOp {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new PolicyError("an op must be a JSON object", at);
  const entries = Object.entries(raw as Record<string, unknown>);
  let name: string;
  let params: Record<string, unknown>;
  const opField = (raw as Record<string, unknown>)["op"];
  if (typeof opField === "string") {
    name = camel(opField);
    params = Object.fromEntries(entries.filter(([k]) => k !== "op"));
  } else {
    if (entries.length !== 1) throw new PolicyError(`an op object must have exactly one key (the op name), got ${entries.length}`, at);
    const [k, v] = entries[0] as [string, unknown];
    name = camel(k);
    if (v === null || typeof v !== "object" || Array.isArray(v)) throw new PolicyError(`parameters of ${name} must be an object`, at);
    params = v as Record<string, unknown>;
  }
  const def = OPS.get(name);
  if (def === undefined) throw new PolicyError(`unknown op "${name}" (known: ${[...OPS.keys()].join(", ")})`, at);
  const value: Record<string, number | boolean> = {};
  for (const [k, v] of Object.entries(params)) {
    const field = camel(k);
    if (!def.fields.includes(field)) throw new PolicyError(`${name} has no field "${k}" (fields: ${def.fields.join(", ")})`, at, field);
    const isBool = field === "applyToCls";
    if (isBool ? typeof v !== "boolean" : typeof v !== "number") {
      throw new PolicyError(`${name}.${field} must be a ${isBool ? "boolean" : "number"}, got ${JSON.stringify(v)}`, at, field);
    }
    value[field] = v as number | boolean;
  }
  return { op: { $case: name, value } as NonNullable<AugmentationOp["op"]> };
}

/** Parses the CLI's JSON form of a policy (see the file comment); throws PolicyError. Not yet validated: pass the result to resolvePolicy. */
export function policyFromJson(text: string): AugmentationPolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new PolicyError(`not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof raw === "string") return { preset: raw, ops: [] };
  if (Array.isArray(raw)) return { preset: "", ops: raw.map(parseOp) };
  if (raw === null || typeof raw !== "object") throw new PolicyError("a policy must be a preset name, an object or a list of ops");
  const obj = raw as Record<string, unknown>;
  for (const k of Object.keys(obj)) if (k !== "preset" && k !== "ops") throw new PolicyError(`unknown policy key "${k}" (expected preset, ops)`);
  const preset = obj["preset"] ?? "";
  if (typeof preset !== "string") throw new PolicyError("preset must be a string");
  const ops = obj["ops"] ?? [];
  if (!Array.isArray(ops)) throw new PolicyError("ops must be a list");
  return { preset, ops: ops.map(parseOp) };
}

/** The JSON form of a policy (the proto3 JSON shape, camelCase), e.g. for logs and GetDatasetInfo. */
export function policyToJson(policy: AugmentationPolicy): string {
  return JSON.stringify({
    preset: policy.preset,
    ops: policy.ops.map((o) => (o.op === undefined ? {} : { [o.op.$case]: o.op.value })),
  });
}
