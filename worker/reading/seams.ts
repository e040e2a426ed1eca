// Seams: top-to-bottom paths through a group's ink that cross the least of it, the places
// where touching symbols may be cut apart.
import type { LineScale } from './line-scale.js';
import type { Region } from './region.js';
import { FAINT_EDGE, MIN_PIECE_WIDTH, SEAM_REACH, SEAM_STEP, SEAMS_PER_HEIGHT } from './tuning.js';

/** For candidate cut columns of a region: the cheapest seam through each, and its cost. */
export interface Seams {
  /** Columns (at the middle row) where a cut may pass. */
  columns: number[];
  /** The ink each seam crosses, in strokes (ink summed along it / stroke width). */
  costs: number[];
  /** Each seam's column in every row. */
  paths: Int32Array[];
}

/**
 * Seams from top to bottom of the region, one through each candidate column of its middle
 * row: the path (one pixel per row, moving at most one column per row, and no farther than
 * SEAM_REACH of a symbol's height from its column, enough to follow a slant) that crosses the
 * least ink. A small cost per sideways step keeps them straight where nothing is in the way.
 */
export function seamsOf(region: Region, { H, strokeWidth }: LineScale): Seams {
  const { width: w, height: h, ink } = region;
  const reach = Math.max(2, Math.round(SEAM_REACH * H));
  const middle = h >> 1;
  // No seam in the region's faint margin, nor closer to its ends than a piece can be wide.
  const edge = Math.max(1, Math.round(MIN_PIECE_WIDTH * H)) + FAINT_EDGE;
  const stride = Math.max(1, Math.round(H / SEAMS_PER_HEIGHT));
  const columns: number[] = [];
  for (let c = edge; c < w - edge; c += stride) columns.push(c);
  const span = 2 * reach + 1;
  const costs: number[] = [];
  const paths: Int32Array[] = [];
  let cost = new Float32Array(span);
  let next = new Float32Array(span);
  const from = new Int8Array(h * span);
  for (const c of columns) {
    const path = new Int32Array(h);
    let total = ink[middle * w + c]!;
    // The window's columns that lie inside the region.
    const kFrom = Math.max(0, reach - c), kTo = Math.min(span - 1, w - 1 - c + reach);
    // Two halves from the middle row, upwards and downwards, each the cheapest.
    for (let dir = -1; dir <= 1; dir += 2) {
      cost.fill(Infinity);
      cost[reach] = 0;
      const last = dir < 0 ? 0 : h - 1;
      if (middle === last) continue;
      for (let y = middle + dir; ; y += dir) {
        const row = y * w + c - reach;
        for (let k = kFrom; k <= kTo; k++) {
          let best = cost[k]!, move = 0;
          if (k > kFrom && cost[k - 1]! + SEAM_STEP < best) (best = cost[k - 1]! + SEAM_STEP), (move = -1);
          if (k < kTo && cost[k + 1]! + SEAM_STEP < best) (best = cost[k + 1]! + SEAM_STEP), (move = 1);
          next[k] = best + ink[row + k]!;
          from[y * span + k] = move;
        }
        [cost, next] = [next, cost];
        if (y === last) break;
      }
      let k = reach;
      for (let j = kFrom; j <= kTo; j++) if (cost[j]! < cost[k]!) k = j;
      total += cost[k]!;
      for (let y = last; y !== middle; y -= dir) {
        path[y] = c - reach + k;
        k += from[y * span + k]!;
      }
    }
    path[middle] = c;
    costs.push(total / strokeWidth);
    paths.push(path);
  }
  return { columns, costs, paths };
}
