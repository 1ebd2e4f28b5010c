// Crop-box sampling on one axis, as tf.image.cropAndResize computes it (bilinear, "align corners"
// box convention), except that coordinates outside the grid read the border instead of a constant.

/** Coordinates closer than this to an integer snap to it, so whole-token shifts copy exactly. */
export const SNAP_EPSILON = 1e-9;

/**
 * For output positions i in [0, n) of an axis of n tokens and box range [lo, hi]: the source
 * coordinate v = lo (n-1) + i ((hi - lo)(n-1)/(n-1)) (n > 1; else 0.5 (lo + hi)(n-1)), snapped,
 * clamped to [0, n-1]; i0 = floor(v), i1 = min(i0 + 1, n-1), frac = float32(v - i0).
 */
export function axisTable(lo: number, hi: number, n: number, i0: Int32Array, i1: Int32Array, frac: Float32Array): void {
  const scale = n > 1 ? ((hi - lo) * (n - 1)) / (n - 1) : 0;
  for (let i = 0; i < n; i++) {
    let v = n > 1 ? lo * (n - 1) + i * scale : 0.5 * (lo + hi) * (n - 1);
    const k = Math.floor(v + 0.5);
    if (Math.abs(v - k) <= SNAP_EPSILON) v = k;
    if (v < 0) v = 0;
    else if (v > n - 1) v = n - 1;
    const a = Math.floor(v);
    i0[i] = a;
    i1[i] = Math.min(a + 1, n - 1);
    frac[i] = v - a;
  }
}
