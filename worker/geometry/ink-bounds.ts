// The bounding box of ink: the one scan that crops a digit for the model (mnist-digit), a
// glyph out of a line, and a line out of a picture.
import type { Extent } from './extent.js';

/** The extent of the values above `threshold` in a `width x height` array; null when there are none. */
export function inkBounds(ink: Float32Array, width: number, height: number, threshold: number): Extent | null {
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]! > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1, y1 };
}
