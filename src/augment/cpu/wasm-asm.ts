// A minimal WebAssembly assembler: enough to emit a module of flat (non-folded) functions with
// SIMD. The kernel is a few hand-written loops; this keeps it in readable text inside the
// repository without a toolchain dependency.

/** A value type. */
export type ValType = "i32" | "i64" | "f32" | "v128";
/** One instruction: mnemonic followed by its immediates. */
export type Instr = [string, ...number[]];
/** A function to assemble. */
export interface AsmFunction {
  name: string;
  params: ValType[];
  locals: ValType[];
  body: Instr[];
}

const VALTYPE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, v128: 0x7b };

// Immediate kinds: "" none, "u" uleb, "s" sleb, "m" memarg (align, offset), "b" blocktype, "l" lane byte.
const CORE: Record<string, [number, string]> = {
  block: [0x02, "b"],
  loop: [0x03, "b"],
  br: [0x0c, "u"],
  br_if: [0x0d, "u"],
  end: [0x0b, ""],
  "local.get": [0x20, "u"],
  "local.set": [0x21, "u"],
  "local.tee": [0x22, "u"],
  "i64.store": [0x37, "m3"],
  "i32.const": [0x41, "s"],
  "i32.ge_u": [0x4f, ""],
  "i32.add": [0x6a, ""],
  "i32.shl": [0x74, ""],
};
const SIMD: Record<string, [number, string]> = {
  "v128.load": [0x00, "m4"],
  "v128.load16x4_u": [0x04, "m3"],
  "v128.store": [0x0b, "m4"],
  "i32x4.splat": [0x11, ""],
  "f32x4.splat": [0x13, ""],
  "i64x2.extract_lane": [0x1d, "l"],
  "i32x4.eq": [0x37, ""],
  "i32x4.lt_s": [0x39, ""],
  "i32x4.gt_s": [0x3b, ""],
  "i32x4.ge_s": [0x3f, ""],
  "v128.and": [0x4e, ""],
  "v128.or": [0x50, ""],
  "v128.xor": [0x51, ""],
  "v128.bitselect": [0x52, ""],
  "i16x8.narrow_i32x4_u": [0x86, ""],
  "i32x4.shl": [0xab, ""],
  "i32x4.shr_u": [0xad, ""],
  "i32x4.add": [0xae, ""],
  "i32x4.sub": [0xb1, ""],
  "f32x4.add": [0xe4, ""],
  "f32x4.sub": [0xe5, ""],
  "f32x4.mul": [0xe6, ""],
};

function uleb(n: number, out: number[]): void {
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

function sleb(n: number, out: number[]): void {
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

function encodeInstr([op, ...imm]: Instr, out: number[]): void {
  const core = CORE[op];
  const simd = SIMD[op];
  const spec = core ?? simd;
  if (spec === undefined) throw new Error(`wasm-asm: unknown instruction ${op}`);
  if (simd !== undefined) {
    out.push(0xfd);
    uleb(simd[0], out);
  } else {
    out.push(spec[0]);
  }
  const kind = spec[1];
  if (kind === "u") uleb(imm[0] ?? 0, out);
  else if (kind === "s") sleb(imm[0] ?? 0, out);
  else if (kind === "b") out.push(0x40);
  else if (kind === "l") out.push(imm[0] ?? 0);
  else if (kind.startsWith("m")) {
    uleb(Number(kind.slice(1)), out);
    uleb(imm[0] ?? 0, out);
  }
}

function section(id: number, content: number[], out: number[]): void {
  out.push(id);
  uleb(content.length, out);
  for (const b of content) out.push(b);
}

function name(s: string, out: number[]): void {
  uleb(s.length, out);
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
}

/** Assembles functions into a module importing its memory as env.memory and exporting each function by name. */
export function assemble(functions: readonly AsmFunction[]): Uint8Array {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types: number[] = [];
  uleb(functions.length, types);
  for (const f of functions) {
    types.push(0x60);
    uleb(f.params.length, types);
    for (const p of f.params) types.push(VALTYPE[p]);
    types.push(0x00);
  }
  section(1, types, out);
  const imports: number[] = [];
  uleb(1, imports);
  name("env", imports);
  name("memory", imports);
  imports.push(0x02, 0x00);
  uleb(1, imports);
  section(2, imports, out);
  const funcs: number[] = [];
  uleb(functions.length, funcs);
  functions.forEach((_, i) => uleb(i, funcs));
  section(3, funcs, out);
  const exports: number[] = [];
  uleb(functions.length, exports);
  functions.forEach((f, i) => {
    name(f.name, exports);
    exports.push(0x00);
    uleb(i, exports);
  });
  section(7, exports, out);
  const code: number[] = [];
  uleb(functions.length, code);
  for (const f of functions) {
    const body: number[] = [];
    uleb(f.locals.length, body);
    for (const l of f.locals) {
      uleb(1, body);
      body.push(VALTYPE[l]);
    }
    for (const ins of f.body) encodeInstr(ins, body);
    body.push(0x0b);
    uleb(body.length, code);
    for (const b of body) code.push(b);
  }
  section(10, code, out);
  return Uint8Array.from(out);
}
