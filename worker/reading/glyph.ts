// Glyphs: one symbol's ink cut out of its group between two seams, cropped and given a
// margin of paper, so that it preprocesses as a picture of that symbol alone would.
import type { Box } from '../../contract/types.js';
import { heightOf, widthOf } from '../geometry/extent.js';
import { inkBounds } from '../geometry/ink-bounds.js';
import type { Region } from './region.js';
import { CUT_OFF_BIT, GLYPH_MARGIN } from './tuning.js';

/** One symbol cut out of the line. */
export interface Glyph {
  /** Where its ink lies in the line image. */
  box: Box;
  /** Its own ink alone (the rest of the line removed), its box plus a margin of paper. */
  ink: Float32Array;
  width: number;
  height: number;
}

/**
 * A glyph: the region's ink between two seams (null: the region's edge), cropped to its
 * ink above `threshold` (as the preprocessing crops a digit) and given a margin of paper.
 * `left[y]` is the first column of row y that belongs to it, `right[y]` the first that does
 * not. Small bits that a seam cut off a neighbour (they touch the seam, apart from the
 * glyph's own strokes) are left out.
 */
export function glyphOf(region: Region, left: Int32Array | null, right: Int32Array | null, threshold: number): Glyph {
  const { width: w, height: h } = region;
  const ink = left || right ? region.ink.slice() : region.ink;
  if (left || right) {
    for (let y = 0; y < h; y++) {
      const from = left ? left[y]! : 0, to = right ? right[y]! : w;
      ink.fill(0, y * w, y * w + Math.max(0, Math.min(w, from)));
      ink.fill(0, y * w + Math.max(0, Math.min(w, to)), (y + 1) * w);
    }
    dropCutOffBits(ink, w, h, threshold, left, right);
  }
  const bounds = inkBounds(ink, w, h, threshold);
  if (!bounds) return { box: { x: region.extent.x0, y: region.extent.y0, width: 0, height: 0 }, ink: new Float32Array(0), width: 0, height: 0 };
  const { x0, y0, x1, y1 } = bounds;
  const m = GLYPH_MARGIN;
  const gw = widthOf(bounds) + 2 * m, gh = heightOf(bounds) + 2 * m;
  const out = new Float32Array(gw * gh);
  for (let y = y0; y <= y1; y++) out.set(ink.subarray(y * w + x0, y * w + x1 + 1), (y - y0 + m) * gw + m);
  return {
    box: { x: region.extent.x0 + x0, y: region.extent.y0 + y0, width: widthOf(bounds), height: heightOf(bounds) },
    ink: out,
    width: gw,
    height: gh,
  };
}

/**
 * Removes (in place) the small connected bits of a cut glyph's ink that touch one of its
 * seams, each found by flooding it from the seam (every ink pixel is visited once at most).
 */
function dropCutOffBits(ink: Float32Array, w: number, h: number, threshold: number, left: Int32Array | null, right: Int32Array | null): void {
  let total = 0;
  for (const v of ink) if (v > threshold) total++;
  const small = CUT_OFF_BIT * total;
  const seen = new Uint8Array(w * h);
  const stack: number[] = [];
  for (let y = 0; y < h; y++) {
    for (const x of [left ? left[y]! : -1, right ? right[y]! - 1 : -1]) {
      const start = y * w + x;
      if (x < 0 || x >= w || seen[start] || !(ink[start]! > threshold)) continue;
      // Flood the bit from here (8-connected).
      const bit: number[] = [];
      stack.push(start);
      seen[start] = 1;
      while (stack.length) {
        const i = stack.pop()!;
        bit.push(i);
        const px = i % w, py = (i - px) / w;
        for (let ny = Math.max(0, py - 1); ny <= Math.min(h - 1, py + 1); ny++) {
          for (let nx = Math.max(0, px - 1); nx <= Math.min(w - 1, px + 1); nx++) {
            const j = ny * w + nx;
            if (!seen[j] && ink[j]! > threshold) (seen[j] = 1), stack.push(j);
          }
        }
      }
      if (bit.length < small) for (const i of bit) ink[i] = 0;
    }
  }
}
