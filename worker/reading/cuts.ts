// Where to cut a group of touching symbols: which of its seams become cut points of its
// lattice. Seams are proposed with gentle weights (PROPOSE), so that the model sees every
// plausible cut; the lattice weighs the pieces between them.
import { widthCost, type LineScale } from './line-scale.js';
import type { Region } from './region.js';
import type { Seams } from './seams.js';
import { FAINT_EDGE, MIN_PIECE_WIDTH, PROPOSE, SEAM_SPACING, SEAMS_PER_SYMBOL } from './tuning.js';

// Widths are measured from the region's ink, FAINT_EDGE inside its edges.
/** The index of the best seam to cut a region in two (its ink and both halves' widths), if any. */
export function bestPairCut({ width }: Region, { columns, costs }: Seams, context: LineScale): number[] {
  const { H } = context;
  let best = -1, lowest = Infinity;
  columns.forEach((column, i) => {
    const left = column - FAINT_EDGE, right = width - FAINT_EDGE - column;
    if (left < MIN_PIECE_WIDTH * H || right < MIN_PIECE_WIDTH * H) return;
    const cost = PROPOSE.perStroke * costs[i]! + widthCost(left, context, PROPOSE) + widthCost(right, context, PROPOSE);
    if (cost < lowest) (lowest = cost), (best = i);
  });
  return best < 0 ? [] : [best];
}

/**
 * Cut points of a group wider than a pair: the seams of the cheapest cuts into k symbols for
 * the k around the width's estimate, and the cheapest seams in their neighbourhoods.
 */
export function cutPoints(region: Region, seams: Seams, estimate: number, context: LineScale): number[] {
  const chosen = new Set<number>(localMinima(seams, Math.ceil(SEAMS_PER_SYMBOL * estimate), context));
  for (let k = Math.max(2, Math.round(estimate) - 1); k <= Math.round(estimate) + 1; k++) {
    for (const i of cheapestCut(k, region, seams, context)) chosen.add(i);
  }
  return [...chosen].sort((a, b) => seams.columns[a]! - seams.columns[b]!);
}

/**
 * The seams (indices) of the cheapest cut of a region into k pieces, by dynamic programming
 * over the candidate seams: the ink they cross against how far the pieces' widths are from a
 * symbol's usual width. Empty when there is none.
 */
function cheapestCut(k: number, { width }: Region, { columns, costs }: Seams, context: LineScale): number[] {
  const n = columns.length;
  const minimum = MIN_PIECE_WIDTH * context.H;
  const piece = (w: number) => (w < minimum ? Infinity : widthCost(w, context, PROPOSE));
  // best[j][i]: the cheapest j + 1 seams, the last one at candidate i.
  const best: Float64Array[] = [], back: Int32Array[] = [];
  for (let j = 0; j < k - 1; j++) {
    best.push(new Float64Array(n).fill(Infinity));
    back.push(new Int32Array(n).fill(-1));
    for (let i = 0; i < n; i++) {
      const own = PROPOSE.perStroke * costs[i]!;
      if (j === 0) best[0]![i] = own + piece(columns[i]! - FAINT_EDGE);
      else {
        for (let p = 0; p < i; p++) {
          const value = best[j - 1]![p]! + own + piece(columns[i]! - columns[p]!);
          if (value < best[j]![i]!) (best[j]![i] = value), (back[j]![i] = p);
        }
      }
    }
  }
  let last = -1, total = Infinity;
  for (let i = 0; i < n && k >= 2; i++) {
    const value = best[k - 2]![i]! + piece(width - FAINT_EDGE - columns[i]!);
    if (value < total) (total = value), (last = i);
  }
  if (last < 0) return [];
  const cut: number[] = [];
  for (let j = k - 2, i = last; j >= 0; j--) (cut.unshift(i), (i = back[j]![i]!));
  return cut;
}

/** Indices of the seams that cost least in their neighbourhood, at most `most`, left to right. */
function localMinima({ columns, costs }: Seams, most: number, { H }: LineScale): number[] {
  const radius = SEAM_SPACING * H;
  const order = Array.from(columns.keys()).sort((a, b) => costs[a]! - costs[b]! || columns[a]! - columns[b]!);
  const chosen: number[] = [];
  for (const i of order) {
    if (chosen.length >= most) break;
    if (chosen.every((j) => Math.abs(columns[j]! - columns[i]!) >= radius)) chosen.push(i);
  }
  return chosen.sort((a, b) => columns[a]! - columns[b]!);
}
