// Finds the symbols of one handwritten line in its ink, left to right: connected strokes
// (components.ts), fragments of one symbol joined (fragments.ts), specks dropped, and ink that
// runs through several touching symbols offered cut along seams (seams.ts, cuts.ts): a
// lattice of candidate pieces per stretch of ink (lattice.ts).
//
// Pure: ink arrays in, boxes and ink crops out. It knows nothing of the model's geometry;
// each symbol it cuts out is preprocessed as if it had been drawn alone.
import { heightOf } from '../geometry/extent.js';
import { labelComponents } from './components.js';
import { joinFragments } from './fragments.js';
import { cheapestChain, latticeOf, type CutContext, type InkGroup } from './lattice.js';
import { lineStrokeWidth, lineSymbolHeight, typicalArea } from './line-scale.js';
import { ownerMap } from './region.js';
import { MIN_SYMBOL_HEIGHT, NOISE_AREA, USUAL_WIDTH } from './tuning.js';

export interface Line {
  /** The height of a symbol in this line, in pixels (the tallest usual height). */
  symbolHeight: number;
  /** The usual width of a symbol in this line, in pixels. */
  symbolWidth: number;
  /** The width of a stroke, in pixels. */
  strokeWidth: number;
  /** Left to right. */
  groups: InkGroup[];
  /** How many symbols the line holds (the cheapest chain of pieces of each group). */
  count: number;
}

export interface SegmentOptions {
  /** Ink above this counts (the preprocessing's own threshold). */
  threshold: number;
  /**
   * Stop before cutting when the line has more groups than this: the caller refuses such a
   * line, and the work on it would be wasted.
   */
  maxSymbols?: number;
}

/**
 * Segments one line of handwritten symbols. `ink` holds `width x height` values from 0
 * (paper) to 1 (ink), as the preprocessing finds them.
 */
export function segmentLine(ink: Float32Array, width: number, height: number, options: SegmentOptions): Line {
  const { labels, components } = labelComponents(ink, width, height, options.threshold);
  const symbolHeight = lineSymbolHeight(components);
  const strokeWidth = lineStrokeWidth(labels, width, height);
  const H = symbolHeight;
  // Noise first: a scan full of dust must not make the joining below slow.
  const kept = components.map((c, i) => ({ ...c, id: i + 1 })).filter((c) => c.area >= Math.max(3, NOISE_AREA * H * H));
  const joined = joinFragments(kept, H, strokeWidth, typicalArea(kept, H)).filter((g) => heightOf(g.box) >= MIN_SYMBOL_HEIGHT * H);
  joined.sort((a, b) => a.box.x0 + a.box.x1 - b.box.x0 - b.box.x1);
  const owner = ownerMap(labels, ink, width, height, joined);
  const symbolWidth = USUAL_WIDTH * H;
  const base: Line = { symbolHeight: H, symbolWidth, strokeWidth, groups: [], count: joined.length };
  if (options.maxSymbols !== undefined && joined.length > options.maxSymbols) return base;
  const context: CutContext = { threshold: options.threshold, ink, owner, width, H, strokeWidth, symbolWidth };
  base.groups = joined.map((group, g) => latticeOf(group.box, g + 1, context));
  base.count = base.groups.reduce((sum, group) => sum + cheapestChain(group).length, 0);
  return base;
}
