// k x k average pooling of a token grid [B,H,W,C] (row-major), used to shrink feature maps at
// extraction (e.g. 16x16 -> 8x8). Sums are kept in fp32/fp64 even for fp16 storage, so the
// rounding happens once, on the mean.
import { float16Table, toFloat16 } from "../contract/float16.js";

/** A grid shape [batch, height, width, channels]. */
export type GridShape = [number, number, number, number];

function pooledSize(shape: GridShape, k: number): number {
  const [b, h, w, c] = shape;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`pool size must be a positive integer, got ${k}`);
  if (h % k !== 0 || w % k !== 0) {
    throw new RangeError(
      `cannot ${k}x${k}-pool a [${shape.join(",")}] grid: ${h}x${w} is not divisible by ${k}`,
    );
  }
  return b * (h / k) * (w / k) * c;
}

function checkLength(what: string, got: number, want: number, shape: GridShape): void {
  if (got !== want) throw new RangeError(`${what} holds ${got} values, [${shape.join(",")}] needs ${want}`);
}

/** The shared kernel: `read(i)` fetches source element i, `write(i, mean)` stores output element i. */
function poolImpl(
  shape: GridShape,
  k: number,
  read: (i: number) => number,
  write: (i: number, v: number) => void,
): void {
  const [b, h, w, c] = shape;
  const oh = h / k;
  const ow = w / k;
  const acc = new Float64Array(c);
  const inv = 1 / (k * k);
  for (let n = 0; n < b; n++) {
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++) {
        acc.fill(0);
        for (let dy = 0; dy < k; dy++) {
          for (let dx = 0; dx < k; dx++) {
            const src = ((n * h + y * k + dy) * w + x * k + dx) * c;
            for (let ch = 0; ch < c; ch++) acc[ch] = (acc[ch] as number) + read(src + ch);
          }
        }
        const dst = ((n * oh + y) * ow + x) * c;
        for (let ch = 0; ch < c; ch++) write(dst + ch, (acc[ch] as number) * inv);
      }
    }
  }
}

/** k x k average pooling of an fp32 grid; returns [B, H/k, W/k, C]. */
export function avgPoolFloat32(src: Float32Array, shape: GridShape, k: number): Float32Array {
  const size = pooledSize(shape, k);
  checkLength(
    "source",
    src.length,
    shape.reduce((a, d) => a * d, 1),
    shape,
  );
  const out = new Float32Array(size);
  poolImpl(
    shape,
    k,
    (i) => src[i] as number,
    (i, v) => void (out[i] = v),
  );
  return out;
}

/** k x k average pooling of an fp16 grid into fp16 (default) or fp32 output. */
export function avgPoolFloat16(src: Uint16Array, shape: GridShape, k: number): Uint16Array;
export function avgPoolFloat16<T extends Uint16Array | Float32Array>(
  src: Uint16Array,
  shape: GridShape,
  k: number,
  out: T,
): T;
export function avgPoolFloat16(
  src: Uint16Array,
  shape: GridShape,
  k: number,
  out?: Uint16Array | Float32Array,
): Uint16Array | Float32Array {
  const size = pooledSize(shape, k);
  checkLength(
    "source",
    src.length,
    shape.reduce((a, d) => a * d, 1),
    shape,
  );
  const dst = out ?? new Uint16Array(size);
  checkLength("output", dst.length, size, [shape[0], shape[1] / k, shape[2] / k, shape[3]]);
  const table = float16Table();
  const read = (i: number): number => table[src[i] as number] as number;
  if (dst instanceof Float32Array) poolImpl(shape, k, read, (i, v) => void (dst[i] = v));
  else poolImpl(shape, k, read, (i, v) => void (dst[i] = toFloat16(v)));
  return dst;
}
