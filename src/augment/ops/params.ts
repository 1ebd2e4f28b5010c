// Field helpers shared by the op specs: default, float32 rounding (the contract's type), range check.
import { PolicyError } from "../policy-error.js";

/** A float field: absent -> default; present -> rounded to float32 and checked to lie in [min, max]. */
export function floatField(
  value: number | undefined,
  fallback: number,
  opIndex: number,
  op: string,
  field: string,
  min: number,
  max: number,
  minExclusive = false,
): number {
  const v = Math.fround(value ?? fallback);
  const low = minExclusive ? v <= min : v < min;
  if (!Number.isFinite(v) || low || v > max) {
    const range = `${minExclusive ? "(" : "["}${min}, ${max}]`;
    throw new PolicyError(`${op}.${field} must be a finite number in ${range}, got ${String(value)}`, opIndex, field);
  }
  return v;
}

/** A probability field in [0, 1]. */
export function probabilityField(value: number | undefined, fallback: number, opIndex: number, op: string): number {
  return floatField(value, fallback, opIndex, op, "p", 0, 1);
}

/** A boolean field: absent -> default. */
export function boolField(value: boolean | undefined, fallback: boolean, opIndex: number, op: string, field: string): boolean {
  const v = value ?? fallback;
  if (typeof v !== "boolean") throw new PolicyError(`${op}.${field} must be a boolean`, opIndex, field);
  return v;
}

/** An integer field in [min, max]. */
export function intField(
  value: number | undefined,
  fallback: number,
  opIndex: number,
  op: string,
  field: string,
  min: number,
  max: number,
): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new PolicyError(`${op}.${field} must be an integer in [${min}, ${max}], got ${String(value)}`, opIndex, field);
  }
  return v;
}
