// A rectangle as the pixel scans find it: its first and last column and row, inclusive. The
// scans and the segmentation work in extents (a union or a gap is one min or max each);
// what leaves the worker is a Box (contract/types.ts).
import type { Box } from '../../contract/types.js';

/** A rectangle of pixels: its first and last column (x0, x1) and row (y0, y1), inclusive. */
export interface Extent {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export const widthOf = (e: Extent) => e.x1 - e.x0 + 1;
export const heightOf = (e: Extent) => e.y1 - e.y0 + 1;

/** The smallest extent holding both. */
export const union = (a: Extent, b: Extent): Extent => ({ x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) });

/** The paper between two extents: the larger of the horizontal and the vertical gap, 0 when they touch or overlap. */
export const gapBetween = (a: Extent, b: Extent) =>
  Math.max(0, Math.max(a.x0, b.x0) - Math.min(a.x1, b.x1) - 1, Math.max(a.y0, b.y0) - Math.min(a.y1, b.y1) - 1);

export const toBox = (e: Extent): Box => ({ x: e.x0, y: e.y0, width: widthOf(e), height: heightOf(e) });
