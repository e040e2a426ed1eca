// The search for the cheapest chain of pieces across a lattice, written once: the
// segmentation weighs pieces by their shape (the cheapest chain of a group, and the pieces
// worth keeping), the reader by their shape and the model's confidence in them (the reading
// chosen). A lattice has cut points 0 to `end`; a chain runs from 0 to `end`, each piece
// starting at the cut point where the one before it ended.

/** A piece of a lattice: it spans the cut points from `from` to `to` (from < to). */
export interface Span {
  from: number;
  to: number;
}

/** The cheapest chains from cut point 0 to every cut point. */
export interface Chains {
  /** The cost of the cheapest chain to each cut point: Infinity where none reaches it. */
  cost: Float64Array;
  /** The index of that chain's last piece: -1 where none reaches it. */
  last: Int32Array;
}

/** What a piece adds to the cost of a chain; `index` is its place in the pieces. */
export type PieceWeight<P> = (piece: P, index: number) => number;

/**
 * The cheapest chains from cut point 0 to every cut point, a chain costing the sum of its
 * pieces' weights, by dynamic programming in one pass. Pieces must be sorted by `from`. Of
 * chains that cost the same, the one whose last piece comes first wins.
 */
export function cheapestChains<P extends Span>(pieces: readonly P[], end: number, weight: PieceWeight<P>): Chains {
  const cost = new Float64Array(end + 1).fill(Infinity);
  const last = new Int32Array(end + 1).fill(-1);
  cost[0] = 0;
  pieces.forEach((piece, i) => {
    const value = cost[piece.from]! + weight(piece, i);
    if (value < cost[piece.to]!) (cost[piece.to] = value), (last[piece.to] = i);
  });
  return { cost, last };
}

/**
 * The indices of the pieces of the cheapest chain to `point`, left to right. A chain must
 * reach it: check `chains.cost[point]` where one may not.
 */
export function chainTo(pieces: readonly Span[], { last }: Chains, point: number): number[] {
  const chain: number[] = [];
  for (let p = point; p > 0; p = pieces[last[p]!]!.from) chain.unshift(last[p]!);
  return chain;
}

/**
 * The cost of the cheapest chain from every cut point to `end`: the same search on the
 * lattice read from right to left (cut point p becomes end - p).
 */
export function cheapestCostsToEnd<P extends Span>(pieces: readonly P[], end: number, weight: PieceWeight<P>): Float64Array {
  const n = pieces.length - 1;
  const mirrored = pieces.map(({ from, to }) => ({ from: end - to, to: end - from })).reverse();
  return cheapestChains(mirrored, end, (_, i) => weight(pieces[n - i]!, n - i)).cost.reverse();
}
