// The ink of a line of symbols at the working size of the reader: cropped to the ink and
// reduced so that the line's ink is at most as high as the preprocessing reads lines
// (SymbolInk.lineHeight). Pictures are reduced by the height of their ink, not by their
// longer side: a long number on a wide canvas keeps its digits readable. Pure: ink arrays
// in and out.
import type { Extent } from '../geometry/extent.js';
import { inkBounds } from '../geometry/ink-bounds.js';
import { resampleArea } from '../preprocessing/resample.js';
import { LINE_MARGIN, RESAMPLE_ABOVE, STRAY_INK } from './tuning.js';

/** Where the ink is: its bounding box (inclusive) and its height without stray marks. */
export interface InkExtent extends Extent {
  /** The rows holding the middle 98% of the ink: the line's height, specks above or below aside. */
  height: number;
}

/** The extent of the ink above `threshold`; null when there is none. */
export function inkExtent(ink: Float32Array, width: number, height: number, threshold: number): InkExtent | null {
  const bounds = inkBounds(ink, width, height, threshold);
  if (!bounds) return null;
  const { x0, y0, x1, y1 } = bounds;
  // The ink of each row, to leave out the rows of stray marks above and below the line.
  const rows = new Float64Array(height);
  let total = 0;
  for (let y = y0; y <= y1; y++) {
    let row = 0;
    for (let x = x0; x <= x1; x++) {
      const v = ink[y * width + x]!;
      if (v > threshold) row += v;
    }
    rows[y] = row;
    total += row;
  }
  let top = y0, bottom = y1;
  for (let sum = 0, y = y0; y <= y1; y++) if ((sum += rows[y]!) >= STRAY_INK * total) ((top = y), (y = height));
  for (let sum = 0, y = y1; y >= y0; y--) if ((sum += rows[y]!) >= STRAY_INK * total) ((bottom = y), (y = -1));
  return { x0, y0, x1, y1, height: bottom - top + 1 };
}

/** Ink at the reader's working size, and where it came from in the picture. */
export interface LineInk {
  ink: Float32Array;
  width: number;
  height: number;
  /** Working pixels per picture pixel (at most 1). */
  scale: number;
  /** The picture pixel at the working image's top-left corner. */
  x: number;
  y: number;
}

/**
 * Crops the ink to its extent (with a margin) and reduces it so that the line is at most
 * `lineHeight` high, by area averaging; strokes thinned to grey by the reduction are brought
 * back to full strength (the strongest ink is 1 again).
 */
export function inkAtWorkingSize(ink: Float32Array, width: number, height: number, extent: InkExtent, lineHeight: number): LineInk {
  // Ink drawn at about the working size already (as the worker draws it) is not resampled again.
  const scale = extent.height > RESAMPLE_ABOVE * lineHeight ? lineHeight / extent.height : 1;
  const margin = Math.ceil(LINE_MARGIN / scale);
  const x = Math.max(0, extent.x0 - margin), y = Math.max(0, extent.y0 - margin);
  const cw = Math.min(width, extent.x1 + margin + 1) - x, ch = Math.min(height, extent.y1 + margin + 1) - y;
  let crop: Float32Array = new Float32Array(cw * ch);
  for (let r = 0; r < ch; r++) crop.set(ink.subarray((y + r) * width + x, (y + r) * width + x + cw), r * cw);
  let w = cw, h = ch;
  if (scale < 1) {
    w = Math.max(1, Math.round(cw * scale));
    h = Math.max(1, Math.round(ch * scale));
    crop = resampleArea(crop, cw, ch, w, h);
    let peak = 0;
    for (const v of crop) if (v > peak) peak = v;
    if (peak > 0) for (let i = 0; i < crop.length; i++) crop[i] = crop[i]! / peak;
  }
  return { ink: crop, width: w, height: h, scale: w / cw, x, y };
}
