// The lattice of a group of touching symbols: its cut points and the candidate pieces
// between them, each with a cost in shapes. Where shapes alone cannot tell how many symbols
// a stretch of ink holds, the reader lets the model read every piece and picks the chain it
// reads best (chosen-reading.ts).
import type { Box } from '../../contract/types.js';
import { toBox, widthOf, type Extent } from '../geometry/extent.js';
import { bestPairCut, cutPoints } from './cuts.js';
import { glyphOf, type Glyph } from './glyph.js';
import { chainTo, cheapestChains, cheapestCostsToEnd, type Span } from './lattice-path.js';
import { widthCost, type LineScale } from './line-scale.js';
import { regionInk, type OwnedInk } from './region.js';
import { seamsOf } from './seams.js';
import { FAINT_EDGE, KEEP, MAX_PIECE_WIDTH, MIN_PIECE_HEIGHT, MIN_PIECE_WIDTH, PAIR_WIDTH, PIECE_SPAN, WEIGH } from './tuning.js';

/** A candidate symbol of a group: the glyph between two of its cut points. */
export interface Piece extends Span {
  /** The cut points it lies between: 0 is the group's left end, `InkGroup.end` its right end. */
  from: number;
  to: number;
  glyph: Glyph;
  /** The ink its right seam crosses, in strokes (0 at the group's right end). */
  crossed: number;
  /** How implausible its shape is (its width, the ink its right seam crosses): 0 is best. */
  cost: number;
}

/**
 * A stretch of connected (or joined) ink and the ways to read it: cut points from its left
 * end (0) to its right end (`end`), the seams between them left to right, and the pieces
 * between cut points. A reading of the group is a chain of pieces from 0 to `end`.
 */
export interface InkGroup {
  box: Box;
  end: number;
  /** At least one; sorted by `from`, then `to`. */
  pieces: Piece[];
}

/** What cutting a group needs: the line's scale, its ink and owners, the ink threshold. */
export interface CutContext extends LineScale, OwnedInk {
  threshold: number;
}

/**
 * The lattice of one group: its cut points and the candidate pieces between them. A group
 * as narrow as one symbol gets the best place to cut it in two; a wider one gets the seams of
 * its cheapest cuts into as many symbols as its width suggests (one fewer, one more) and the
 * cheapest seams around. Pieces on no chain nearly as cheap as the cheapest are dropped.
 */
export function latticeOf(extent: Extent, g: number, context: CutContext): InkGroup {
  const { H, symbolWidth } = context;
  const region = regionInk(extent, g, context);
  const w = widthOf(extent);
  const seams = w >= 2 * MIN_PIECE_WIDTH * H ? seamsOf(region, context) : { columns: [], costs: [], paths: [] };
  const points = w <= PAIR_WIDTH * H ? bestPairCut(region, seams, context) : cutPoints(region, seams, w / symbolWidth, context);
  // Cut points: the left end, the chosen seams left to right, the right end.
  const end = points.length + 1;
  const column = (p: number) => (p === 0 ? FAINT_EDGE : p === end ? region.width - FAINT_EDGE : seams.columns[points[p - 1]!]!);
  const path = (p: number) => (p === 0 || p === end ? null : seams.paths[points[p - 1]!]!);
  let pieces: Piece[] = [];
  for (let from = 0; from < end; from++) {
    for (let to = from + 1; to <= Math.min(end, from + PIECE_SPAN); to++) {
      const span = column(to) - column(from);
      if (!(from === 0 && to === end) && (span < 0.5 * MIN_PIECE_WIDTH * H || span > MAX_PIECE_WIDTH * H)) continue;
      const left = path(from), right = path(to)?.slice() ?? null;
      // Seams may cross: the right one stays right of the left one.
      if (left && right) for (let y = 0; y < right.length; y++) right[y] = Math.max(right[y]!, left[y]! + 1);
      const glyph = glyphOf(region, left, right, context.threshold);
      if (glyph.box.height < MIN_PIECE_HEIGHT * H || glyph.box.width < 0.5 * MIN_PIECE_WIDTH * H) continue;
      const crossed = to === end ? 0 : seams.costs[points[to - 1]!]!;
      pieces.push({ from, to, glyph, crossed, cost: widthCost(glyph.box.width, context) + WEIGH.perStroke * crossed });
    }
  }
  if (!pieces.some((p) => p.from === 0 && p.to === end)) {
    // The whole group, whatever its shape: every group can be read somehow.
    const glyph = glyphOf(region, null, null, context.threshold);
    pieces.push({ from: 0, to: end, glyph, crossed: 0, cost: widthCost(glyph.box.width, context) });
  }
  pieces = prune(pieces, end);
  return { box: toBox(extent), end, pieces };
}

/** What a piece weighs when chains are compared by shape alone. */
const byShape = (piece: Piece) => piece.cost;

/** The pieces of the cheapest chain from the left end to the right end, by shape alone. */
export function cheapestChain(group: InkGroup): Piece[] {
  const chains = cheapestChains(group.pieces, group.end, byShape);
  return Number.isFinite(chains.cost[group.end]!) ? chainTo(group.pieces, chains, group.end).map((i) => group.pieces[i]!) : [];
}

/** Drops the pieces on no chain within KEEP of the cheapest; sorts them by `from`, then `to`. */
function prune(pieces: Piece[], end: number): Piece[] {
  pieces.sort((a, b) => a.from - b.from || a.to - b.to);
  const forward = cheapestChains(pieces, end, byShape).cost;
  const backward = cheapestCostsToEnd(pieces, end, byShape);
  const best = forward[end]!;
  return pieces.filter((p) => forward[p.from]! + p.cost + backward[p.to]! <= best + KEEP);
}
