// Resizing of single-channel float images by area averaging, shared by the preprocessings.

/**
 * Resizes by area averaging: each output pixel is the mean of the source area it covers
 * (with fractional coverage at the edges). Downscaling thin strokes keeps their ink
 * instead of skipping them, as the anti-aliasing in MNIST did. Separable: rows, then columns.
 */
export function resampleArea(src: Float32Array, sw: number, sh: number, dw: number, dh: number): Float32Array {
  const rows = new Float32Array(dw * sh);
  const wx = areaWeights(sw, dw);
  for (let y = 0; y < sh; y++) {
    for (const [out, from, weights] of wx) {
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += src[y * sw + from + k]! * weights[k]!;
      rows[y * dw + out] = sum;
    }
  }
  const out = new Float32Array(dw * dh);
  const wy = areaWeights(sh, dh);
  for (const [oy, from, weights] of wy) {
    for (let x = 0; x < dw; x++) {
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += rows[(from + k) * dw + x]! * weights[k]!;
      out[oy * dw + x] = sum;
    }
  }
  return out;
}

/** For each output index: the first source index it covers and the weight of each (summing to 1). */
function areaWeights(sourceSize: number, targetSize: number): [number, number, number[]][] {
  const step = sourceSize / targetSize;
  const table: [number, number, number[]][] = [];
  for (let o = 0; o < targetSize; o++) {
    const start = o * step;
    const end = start + step;
    const first = Math.floor(start);
    const weights: number[] = [];
    for (let s = first; s < end && s < sourceSize; s++) {
      weights.push((Math.min(end, s + 1) - Math.max(start, s)) / step);
    }
    table.push([o, first, weights]);
  }
  return table;
}
