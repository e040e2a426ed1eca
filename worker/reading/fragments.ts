// Joining the strokes that belong to one symbol: a 5 whose bar was lifted, a 4 or a 7 drawn
// in two strokes, the pieces of a broken stroke.
import { gapBetween, heightOf, union, widthOf, type Extent } from '../geometry/extent.js';
import type { Component } from './components.js';
import {
  FRAGMENT_AREA,
  FRAGMENT_HEIGHT,
  MAX_SYMBOL_HEIGHT,
  MAX_SYMBOL_WIDTH,
  NEAR_STROKES,
  STACK_GAP,
  STACK_INSET,
  STACK_OVERLAP,
  THIN_SYMBOL_HEIGHT,
} from './tuning.js';

/** Components joined into one symbol, or a stretch of touching symbols. */
export interface Group {
  box: Extent;
  /** The labels of its components. */
  ids: number[];
  area: number;
}

/**
 * Joins the components that belong to one symbol, until no pair qualifies:
 * - stacked: the narrower one stands over the middle of the wider, above or below it by at
 *   most STACK_GAP (the lifted bar of a 5, the separate bar of a 7, the second stroke of a 4);
 * - fragments: a piece shorter than a symbol that nearly touches its neighbour (the pieces
 *   of a broken stroke), closest first.
 * Neither may make a symbol wider than a symbol can be.
 */
export function joinFragments(components: (Component & { id: number })[], H: number, strokeWidth: number, usualArea: number): Group[] {
  const groups: Group[] = components.map((c) => ({ box: { x0: c.x0, y0: c.y0, x1: c.x1, y1: c.y1 }, ids: [c.id], area: c.area }));
  const nearGap = Math.max(2, NEAR_STROKES * strokeWidth);
  // A short piece, or a thin one that is not as tall as a 1.
  const isFragment = (g: Group) => heightOf(g.box) < FRAGMENT_HEIGHT * H || (g.area < FRAGMENT_AREA * usualArea && heightOf(g.box) < THIN_SYMBOL_HEIGHT * H);
  const fits = (box: Extent) => widthOf(box) <= MAX_SYMBOL_WIDTH * H && heightOf(box) <= MAX_SYMBOL_HEIGHT * H;
  const stacked = (a: Extent, b: Extent) => {
    const [narrow, wide] = widthOf(a) <= widthOf(b) ? [a, b] : [b, a];
    const overlap = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) + 1;
    const centre = (narrow.x0 + narrow.x1) / 2;
    const margin = STACK_INSET * widthOf(wide);
    const below = Math.max(a.y0, b.y0) - Math.min(a.y1, b.y1) - 1;
    return overlap >= STACK_OVERLAP * widthOf(narrow) && centre >= wide.x0 + margin && centre <= wide.x1 - margin && below <= STACK_GAP * H;
  };
  for (;;) {
    // The best pair: stacked ones first (by overlap), then fragments by their gap.
    let best: [number, number] | null = null;
    let bestScore = Infinity;
    groups.sort((a, b) => a.box.x0 - b.box.x0);
    for (let i = 0; i < groups.length; i++) {
      const a = groups[i]!.box;
      for (let j = i + 1; j < groups.length; j++) {
        const b = groups[j]!.box;
        if (b.x0 > a.x1 + nearGap && b.x0 > a.x1) {
          // Sorted by x0: later ones are farther right still; only stacking could join them, and
          // a box that starts right of a's end cannot stand over a's middle unless a is the narrow one.
          if (b.x0 > a.x1 + MAX_SYMBOL_WIDTH * H) break;
        }
        const merged = union(a, b);
        if (!fits(merged)) continue;
        let score = Infinity;
        if (stacked(a, b)) score = -1;
        else if (isFragment(groups[i]!) || isFragment(groups[j]!)) {
          const gap = gapBetween(a, b);
          if (gap <= nearGap) score = gap;
        }
        if (score < bestScore) (bestScore = score), (best = [i, j]);
      }
    }
    if (!best) return groups;
    const [i, j] = best;
    const a = groups[i]!, b = groups[j]!;
    groups[i] = { box: union(a.box, b.box), ids: [...a.ids, ...b.ids], area: a.area + b.area };
    groups.splice(j, 1);
  }
}
