// Which group owns each pixel of the line, and each group's own ink: the ink a group's
// pieces are cut from, with its neighbours' ink removed.
import { heightOf, widthOf, type Extent } from '../geometry/extent.js';
import type { Group } from './fragments.js';
import { FAINT_EDGE } from './tuning.js';

/** The line's ink and the owner of each of its pixels (a group's number from 1; 0 for nobody). */
export interface OwnedInk {
  ink: Float32Array;
  owner: Int32Array;
  /** The line's width (its height is `owner.length / width`). */
  width: number;
}

/** A group's own ink, cropped to its extent and FAINT_EDGE around: other groups' ink removed. */
export interface Region {
  /** Where it lies in the line. */
  extent: Extent;
  width: number;
  height: number;
  ink: Float32Array;
}

/**
 * Which group owns each pixel: the components' pixels by their label, then the faint ink
 * around them out to FAINT_EDGE pixels. 0 for nobody.
 */
export function ownerMap(labels: Int32Array, ink: Float32Array, width: number, height: number, groups: Group[]): Int32Array {
  let most = 0;
  for (const label of labels) if (label > most) most = label;
  const groupOf = new Int32Array(most + 1);
  groups.forEach((g, index) => g.ids.forEach((id) => (groupOf[id] = index + 1)));
  const owner = new Int32Array(labels.length);
  const faint: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]) owner[i] = groupOf[labels[i]!]!;
    else if (ink[i]! > 0) faint.push(i);
  }
  for (let pass = 0; pass < FAINT_EDGE; pass++) {
    const claimed: [number, number][] = [];
    for (const i of faint) {
      if (owner[i]) continue;
      const x = i % width, y = (i - x) / width;
      search: for (let ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++) {
        for (let nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) {
          const o = owner[ny * width + nx]!;
          if (o) {
            claimed.push([i, o]);
            break search;
          }
        }
      }
    }
    for (const [i, o] of claimed) owner[i] = o;
  }
  return owner;
}

/** The region of group number `g` (from 1), whose components lie within `extent`. */
export function regionInk(extent: Extent, g: number, { ink, owner, width }: OwnedInk): Region {
  // The box of the owned pixels, faint edges included.
  const w = widthOf(extent) + 2 * FAINT_EDGE, h = heightOf(extent) + 2 * FAINT_EDGE;
  const x0 = extent.x0 - FAINT_EDGE, y0 = extent.y0 - FAINT_EDGE;
  const out = new Float32Array(w * h);
  const rows = owner.length / width;
  for (let y = 0; y < h; y++) {
    const sy = y0 + y;
    if (sy < 0 || sy >= rows) continue;
    for (let x = 0; x < w; x++) {
      const sx = x0 + x;
      if (sx < 0 || sx >= width) continue;
      const i = sy * width + sx;
      if (owner[i] === g) out[y * w + x] = ink[i]!;
    }
  }
  return { extent: { x0, y0, x1: x0 + w - 1, y1: y0 + h - 1 }, width: w, height: h, ink: out };
}
