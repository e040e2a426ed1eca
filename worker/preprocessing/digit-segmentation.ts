// Finds the symbols of one handwritten line in its ink, left to right: connected strokes,
// fragments of one symbol joined (a 5 whose bar was lifted, a 4 or a 7 drawn in two strokes,
// the pieces of a broken stroke), specks dropped, and ink that runs through several touching
// symbols cut along seams: top-to-bottom paths that cross the least ink.
//
// Pure: ink arrays in, boxes and ink crops out. It knows nothing of the model's geometry;
// each symbol it cuts out is preprocessed as if it had been drawn alone. Where shapes alone
// cannot tell how many symbols a stretch of ink holds, it returns a lattice: cut points and
// the candidate pieces between them, each with a cost; the reader lets the model read every
// piece and picks the chain it reads best (worker/digit-reader.ts).

/** A rectangle in pixels: x and y of its top-left corner, its width and height. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One symbol cut out of the line. */
export interface Glyph {
  /** Where its ink lies in the line image. */
  box: Box;
  /** Its own ink alone (the rest of the line removed), its box plus a margin of paper. */
  ink: Float32Array;
  width: number;
  height: number;
}

/** A candidate symbol of a group: the glyph between two of its cut points. */
export interface Piece {
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

/** Paper around each glyph's ink, so that its border is background, as in a picture of it alone. */
export const GLYPH_MARGIN = 2;

// Shapes of a symbol relative to the line's symbol height H, from the MNIST digits: no digit
// is shorter than 0.6 of its box (a wide 2 or 5), scaled by up to 20% against its neighbours.
/** A mark shorter than this (x H) is a speck, a dot or a dash, not a symbol. */
const MIN_SYMBOL_HEIGHT = 0.3;
/** A piece of stroke shorter than this (x H) is a fragment, joined to the symbol beside it. */
const FRAGMENT_HEIGHT = 0.6;
/** A piece with less ink than this (x the usual symbol's) is a fragment too. */
const FRAGMENT_AREA = 0.35;
/** Stacked pieces are joined when at most this far apart vertically (x H): a lifted bar, not a speck. */
const STACK_GAP = 0.3;
/** Nothing wider than this (x H) is joined into one symbol. */
const MAX_SYMBOL_WIDTH = 1.2;
/** A cut piece must be at least this high (x H) and wide (x H) to be a symbol. */
const MIN_PIECE_HEIGHT = 0.45;
const MIN_PIECE_WIDTH = 0.12;
/** Components smaller than this (x H², and at least 3 pixels) are noise, dropped at once. */
const NOISE_AREA = 0.0015;
/** The median width of a digit (x H), from the MNIST digits; and the width of a narrow 1. */
const USUAL_WIDTH = 0.7;
const NARROW = 0.25;
/** A group at most this wide (x H) holds one symbol or two; a wider one may hold many. */
const PAIR_WIDTH = 1.1;
/** Cut points of a wide group: local minima of the seams' cost, this far apart (x H) at least, ... */
const SEAM_SPACING = 0.15;
/** ... and at most this many per symbol the group's width suggests. */
const SEAMS_PER_SYMBOL = 1;
/** A piece spans at most this many cut points, and is at most this wide (x H). */
const PIECE_SPAN = 5;
const MAX_PIECE_WIDTH = 1.6;
/**
 * What a piece's shape costs, in the units of a log-probability (the reader adds the model's
 * log top-1 probability of the piece to it): a symbol's width is log-normal around the usual
 * width, spread `wide` on the wide side and `narrow` below the width of a narrow 1; each
 * stroke its seam crosses costs `perStroke`. Seams are proposed with gentler weights than
 * pieces are weighed with, so that the model sees every plausible cut. Fitted on numbers
 * made of MNIST training digits (the tests measure on the test digits).
 */
const PROPOSE = { wide: 0.25, narrow: 0.3, perStroke: 0.3 };
const WEIGH = { wide: 0.6, narrow: 1.5, perStroke: 1 };
/**
 * Pieces only on chains costlier than the cheapest by more than this are dropped: the model
 * would need to be sure that the cheapest is wrong.
 */
const KEEP = 5;

interface Component {
  x0: number;
  y0: number;
  x1: number; // inclusive
  y1: number;
  area: number;
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
  const joined = joinFragments(kept, H, strokeWidth, typicalArea(kept, H)).filter((g) => g.box.y1 - g.box.y0 + 1 >= MIN_SYMBOL_HEIGHT * H);
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

/**
 * Labels the 8-connected components of the ink above `threshold`. Two passes with
 * union-find; labels are 1..count in order of first appearance, 0 for paper.
 */
export function labelComponents(ink: Float32Array, width: number, height: number, threshold: number): { labels: Int32Array; components: Component[] } {
  const labels = new Int32Array(width * height);
  let parent = new Int32Array(64);
  let next = 1;
  const find = (a: number): number => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]!]!;
    return a;
  };
  // First pass: provisional labels from the four neighbours already seen (W, NW, N, NE).
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      if (!(ink[i]! > threshold)) continue;
      // Neighbours in raster order: W, then NW, N, NE on the row above.
      let label = x > 0 ? labels[i - 1]! : 0;
      if (y > 0) {
        const up = i - width;
        for (let j = x > 0 ? up - 1 : up; j <= up + 1 && j - up + x < width; j++) {
          const other = labels[j]!;
          if (!other) continue;
          if (!label) label = other;
          else if (other !== label) {
            const ra = find(label), rb = find(other);
            if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
          }
        }
      }
      if (!label) {
        if (next === parent.length) {
          const grown = new Int32Array(parent.length * 2);
          grown.set(parent);
          parent = grown;
        }
        parent[next] = next;
        label = next++;
      }
      labels[i] = label;
    }
  }
  // Second pass: final labels, numbered densely, and each component's box and area.
  const final = new Int32Array(next);
  const components: Component[] = [];
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const raw = labels[i]!;
      if (!raw) continue;
      const root = find(raw);
      let label = final[root]!;
      if (!label) {
        components.push({ x0: x, y0: y, x1: x, y1: y, area: 0 });
        label = final[root] = components.length;
      }
      labels[i] = label;
      const c = components[label - 1]!;
      if (x < c.x0) c.x0 = x;
      if (x > c.x1) c.x1 = x;
      c.y1 = y;
      c.area++;
    }
  }
  return { labels, components };
}

/**
 * The line's symbol height: among the components of substantial area (a fifth of the
 * largest's) and height (half the tallest's), so that bars, fragments and specks do not
 * count, the upper quartile of heights.
 */
function lineSymbolHeight(components: Component[]): number {
  const largest = Math.max(0, ...components.map((c) => c.area));
  const major = components.filter((c) => c.area >= 0.2 * largest).map((c) => c.y1 - c.y0 + 1);
  const tallest = Math.max(0, ...major);
  const heights = major.filter((h) => h >= 0.5 * tallest).sort((a, b) => a - b);
  return heights[Math.floor(0.75 * (heights.length - 1))] ?? 1;
}

/** The stroke width: the median length of the ink's horizontal and of its vertical runs, the smaller. */
function lineStrokeWidth(labels: Int32Array, width: number, height: number): number {
  const horizontal: number[] = [], vertical: number[] = [];
  for (let y = 0; y < height; y++) {
    let run = 0;
    for (let x = 0; x <= width; x++) {
      if (x < width && labels[y * width + x]) run++;
      else if (run) (horizontal.push(run), (run = 0));
    }
  }
  for (let x = 0; x < width; x++) {
    let run = 0;
    for (let y = 0; y <= height; y++) {
      if (y < height && labels[y * width + x]) run++;
      else if (run) (vertical.push(run), (run = 0));
    }
  }
  const median = (runs: number[]) => runs.sort((a, b) => a - b)[runs.length >> 1] ?? 1;
  return Math.min(median(horizontal), median(vertical));
}

/** The ink area of a usual symbol: the median over the components as tall as a symbol. */
function typicalArea(components: Component[], H: number): number {
  const areas = components
    .filter((c) => c.y1 - c.y0 + 1 >= FRAGMENT_HEIGHT * H)
    .map((c) => c.area)
    .sort((a, b) => a - b);
  return areas[areas.length >> 1] ?? 0;
}

interface Extent {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

interface Group {
  box: Extent;
  ids: number[];
  area: number;
}

const gapBetween = (a: Extent, b: Extent) =>
  Math.max(0, Math.max(a.x0, b.x0) - Math.min(a.x1, b.x1) - 1, Math.max(a.y0, b.y0) - Math.min(a.y1, b.y1) - 1);
const union = (a: Extent, b: Extent): Extent => ({ x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) });
const widthOf = (e: Extent) => e.x1 - e.x0 + 1;
const heightOf = (e: Extent) => e.y1 - e.y0 + 1;

/**
 * Joins the components that belong to one symbol, until no pair qualifies:
 * - stacked: the narrower one stands over the middle of the wider, above or below it by at
 *   most STACK_GAP (the lifted bar of a 5, the separate bar of a 7, the second stroke of a 4);
 * - fragments: a piece shorter than a symbol that nearly touches its neighbour (the pieces
 *   of a broken stroke), closest first.
 * Neither may make a symbol wider than a symbol can be.
 */
function joinFragments(components: (Component & { id: number })[], H: number, strokeWidth: number, usualArea: number): Group[] {
  const groups: Group[] = components.map((c) => ({ box: { x0: c.x0, y0: c.y0, x1: c.x1, y1: c.y1 }, ids: [c.id], area: c.area }));
  const nearGap = Math.max(2, 1.5 * strokeWidth);
  // A short piece, or a thin one that is not as tall as a 1.
  const isFragment = (g: Group) => heightOf(g.box) < FRAGMENT_HEIGHT * H || (g.area < FRAGMENT_AREA * usualArea && heightOf(g.box) < 0.75 * H);
  const fits = (box: Extent) => widthOf(box) <= MAX_SYMBOL_WIDTH * H && heightOf(box) <= 1.6 * H;
  const stacked = (a: Extent, b: Extent) => {
    const [narrow, wide] = widthOf(a) <= widthOf(b) ? [a, b] : [b, a];
    const overlap = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) + 1;
    const centre = (narrow.x0 + narrow.x1) / 2;
    const margin = 0.1 * widthOf(wide);
    const below = Math.max(a.y0, b.y0) - Math.min(a.y1, b.y1) - 1;
    return overlap >= 0.5 * widthOf(narrow) && centre >= wide.x0 + margin && centre <= wide.x1 - margin && below <= STACK_GAP * H;
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


/**
 * Which group owns each pixel: the components' pixels by their label, then the faint ink
 * around them (anti-aliased edges below the threshold) out to two pixels. 0 for nobody.
 */
function ownerMap(labels: Int32Array, ink: Float32Array, width: number, height: number, groups: Group[]): Int32Array {
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
  for (let pass = 0; pass < 2; pass++) {
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

interface CutContext {
  threshold: number;
  ink: Float32Array;
  owner: Int32Array;
  width: number;
  H: number;
  strokeWidth: number;
  symbolWidth: number;
}

/**
 * The lattice of one group: its cut points and the candidate pieces between them. A group
 * as narrow as one symbol gets the best place to cut it in two; a wider one gets the seams of
 * its cheapest cuts into as many symbols as its width suggests (one fewer, one more) and the
 * cheapest seams around. Pieces on no chain nearly as cheap as the cheapest are dropped.
 */
function latticeOf(extent: Extent, g: number, context: CutContext): InkGroup {
  const { H, symbolWidth } = context;
  const region = regionInk(extent, g, context);
  const w = widthOf(extent);
  const seams = w >= 2 * MIN_PIECE_WIDTH * H ? seamsOf(region, context) : { columns: [], costs: [], paths: [] };
  const points = w <= PAIR_WIDTH * H ? bestPairCut(region, seams, context) : cutPoints(region, seams, w / symbolWidth, context);
  // Cut points: the left end, the chosen seams left to right, the right end.
  const end = points.length + 1;
  const column = (p: number) => (p === 0 ? 2 : p === end ? region.width - 2 : seams.columns[points[p - 1]!]!);
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

/** The index of the best seam to cut a region in two (its ink and both halves' widths), if any. */
function bestPairCut({ width }: Region, { columns, costs }: Seams, context: CutContext): number[] {
  const { H } = context;
  let best = -1, lowest = Infinity;
  columns.forEach((column, i) => {
    const left = column - 2, right = width - 2 - column;
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
function cutPoints(region: Region, seams: Seams, estimate: number, context: CutContext): number[] {
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
function cheapestCut(k: number, { width }: Region, { columns, costs }: Seams, context: CutContext): number[] {
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
      if (j === 0) best[0]![i] = own + piece(columns[i]! - 2);
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
    const value = best[k - 2]![i]! + piece(width - 2 - columns[i]!);
    if (value < total) (total = value), (last = i);
  }
  if (last < 0) return [];
  const cut: number[] = [];
  for (let j = k - 2, i = last; j >= 0; j--) (cut.unshift(i), (i = back[j]![i]!));
  return cut;
}

/** Indices of the seams that cost least in their neighbourhood, at most `most`, left to right. */
function localMinima({ columns, costs }: Seams, most: number, { H }: CutContext): number[] {
  const radius = SEAM_SPACING * H;
  const order = Array.from(columns.keys()).sort((a, b) => costs[a]! - costs[b]! || columns[a]! - columns[b]!);
  const chosen: number[] = [];
  for (const i of order) {
    if (chosen.length >= most) break;
    if (chosen.every((j) => Math.abs(columns[j]! - columns[i]!) >= radius)) chosen.push(i);
  }
  return chosen.sort((a, b) => columns[a]! - columns[b]!);
}

/** The pieces of the cheapest chain from the left end to the right end, by shape alone. */
export function cheapestChain(group: InkGroup): Piece[] {
  const { cost, back } = chains(group.pieces, group.end);
  const chain: Piece[] = [];
  for (let p = group.end; p > 0 && back[p]; p = back[p]!.from) chain.unshift(back[p]!);
  return Number.isFinite(cost[group.end]!) ? chain : [];
}

/** Cheapest cost from the left end to each cut point, and the last piece of that chain. */
function chains(pieces: Piece[], end: number, weight = (p: Piece) => p.cost) {
  const cost = new Float64Array(end + 1).fill(Infinity);
  const back: (Piece | undefined)[] = [];
  cost[0] = 0;
  for (const piece of pieces) {
    const value = cost[piece.from]! + weight(piece);
    if (value < cost[piece.to]!) (cost[piece.to] = value), (back[piece.to] = piece);
  }
  return { cost, back };
}

/** Drops the pieces on no chain within KEEP of the cheapest. Pieces are sorted by `from`. */
function prune(pieces: Piece[], end: number): Piece[] {
  pieces.sort((a, b) => a.from - b.from || a.to - b.to);
  const forward = chains(pieces, end).cost;
  // Backward: cheapest cost from each cut point to the right end.
  const backward = new Float64Array(end + 1).fill(Infinity);
  backward[end] = 0;
  for (let i = pieces.length - 1; i >= 0; i--) {
    const piece = pieces[i]!;
    backward[piece.from] = Math.min(backward[piece.from]!, piece.cost + backward[piece.to]!);
  }
  const best = forward[end]!;
  return pieces.filter((p) => forward[p.from]! + p.cost + backward[p.to]! <= best + KEEP);
}

/** How far a symbol's width is from the line's usual width, as a cost. */
function widthCost(w: number, { symbolWidth, H }: CutContext, { wide, narrow } = WEIGH): number {
  // Narrow symbols are usual (a 1 is a quarter as wide as a 0): only the wide side costs much.
  const r = w >= symbolWidth ? Math.log(w / symbolWidth) / wide : Math.log(Math.min(1, w / (NARROW * H))) / narrow;
  return 0.5 * r * r;
}

/** A group's own ink, cropped to its box: other groups' ink removed. */
interface Region {
  extent: Extent;
  width: number;
  height: number;
  ink: Float32Array;
}

function regionInk(extent: Extent, g: number, { ink, owner, width }: CutContext): Region {
  // The box of the owned pixels, faint edges included.
  const w = widthOf(extent) + 4, h = heightOf(extent) + 4;
  const x0 = extent.x0 - 2, y0 = extent.y0 - 2;
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

/**
 * A glyph: the region's ink between two seams (null: the region's edge), cropped to its
 * ink above `threshold` (as the preprocessing crops a digit) and given a margin of paper.
 * `left[y]` is the first column of row y that belongs to it, `right[y]` the first that does
 * not. Small bits that a seam cut off a neighbour (they touch the seam, apart from the
 * glyph's own strokes) are left out.
 */
function glyphOf(region: Region, left: Int32Array | null, right: Int32Array | null, threshold: number): Glyph {
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
  let x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (ink[y * w + x]! > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) return { box: { x: region.extent.x0, y: region.extent.y0, width: 0, height: 0 }, ink: new Float32Array(0), width: 0, height: 0 };
  const m = GLYPH_MARGIN;
  const gw = x1 - x0 + 1 + 2 * m, gh = y1 - y0 + 1 + 2 * m;
  const out = new Float32Array(gw * gh);
  for (let y = y0; y <= y1; y++) out.set(ink.subarray(y * w + x0, y * w + x1 + 1), (y - y0 + m) * gw + m);
  return {
    box: { x: region.extent.x0 + x0, y: region.extent.y0 + y0, width: x1 - x0 + 1, height: y1 - y0 + 1 },
    ink: out,
    width: gw,
    height: gh,
  };
}

/** A bit cut off a neighbour holds less than this share of a glyph's ink. */
const CUT_OFF_BIT = 0.15;

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

/** For candidate cut columns of a region: the cheapest seam through each, and its cost. */
interface Seams {
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
 * a quarter of a symbol's height from its column, enough to follow a slant) that crosses the
 * least ink. A small cost per sideways step keeps them straight where nothing is in the way.
 */
function seamsOf(region: Region, { H, strokeWidth }: CutContext): Seams {
  const { width: w, height: h, ink } = region;
  const reach = Math.max(2, Math.round(0.2 * H));
  const step = 0.05;
  const middle = h >> 1;
  const edge = Math.max(1, Math.round(MIN_PIECE_WIDTH * H)) + 2;
  // Seams a twentieth of a symbol's height apart are close enough.
  const stride = Math.max(1, Math.round(H / 20));
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
          if (k > kFrom && cost[k - 1]! + step < best) (best = cost[k - 1]! + step), (move = -1);
          if (k < kTo && cost[k + 1]! + step < best) (best = cost[k + 1]! + step), (move = 1);
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

const toBox = (e: Extent): Box => ({ x: e.x0, y: e.y0, width: widthOf(e), height: heightOf(e) });
