// The reading chosen once the model has seen every piece of a plan: for each stretch of ink
// the chain of pieces the model reads best, weighed against their shapes, then the text.
// Pure: the plan and model outputs in, a reading out; the engine runs the model.
import type { Box } from '../../contract/types.js';
import type { PredictionCore, ReadingCore } from '../../contract/worker-api.js';
import { chainTo, cheapestChains } from './lattice-path.js';
import type { Piece } from './lattice.js';
import type { ReadingPlan } from './reading-plan.js';
import { MIN_TOP_PROBABILITY, SHAPE_WEIGHT, SPACE_GAP } from './tuning.js';

/** The reading chosen once the model has seen every glyph: which glyphs, and the text. */
export interface ChosenReading {
  /** Indices into plan.glyphs (and rows of the model's outputs), left to right. */
  rows: number[];
  /** Each chosen digit's box in the picture's pixels. */
  boxes: Box[];
  /** Before each chosen digit: whether a space precedes it. */
  spaceBefore: boolean[];
}

/**
 * Picks, for each stretch of ink, the chain of pieces whose digits the model reads most
 * confidently (the sum of their log top-1 probabilities), weighed against how plausible the
 * pieces' shapes are. `topProbability(row)` is the model's top-1 probability for glyph `row`.
 */
export function chooseReading(plan: ReadingPlan, topProbability: (row: number) => number): ChosenReading {
  const rows: number[] = [];
  let first = 0;
  for (const group of plan.line.groups) {
    // A piece costs its shape less the log of the model's confidence in it: the cheapest
    // chain is the one read most confidently, weighed against its shapes.
    const weight = (piece: Piece, i: number) => SHAPE_WEIGHT * piece.cost - Math.log(Math.max(MIN_TOP_PROBABILITY, topProbability(first + i)));
    const chain = chainTo(group.pieces, cheapestChains(group.pieces, group.end, weight), group.end);
    rows.push(...chain.map((i) => first + i));
    first += group.pieces.length;
  }
  const spaceAfter = SPACE_GAP * plan.line.symbolHeight;
  const boxes: Box[] = [];
  const spaceBefore: boolean[] = [];
  let previousEnd = Infinity;
  for (const r of rows) {
    const box = plan.glyphs[r]!.box;
    spaceBefore.push(box.x - previousEnd > spaceAfter);
    previousEnd = box.x + box.width;
    boxes.push(toPictureBox(box, plan));
  }
  return { rows, boxes, spaceBefore };
}

/**
 * The reading of the chosen digits, given the model's prediction for each: the text (a
 * space where a gap was, `?` for a digit whose top-1 probability is below `minProbability`),
 * the digits with their boxes, the lowest top-1 probability, and the timings that the
 * reading and every digit's prediction share (one object: the main thread completes it).
 */
export function readingOf(chosen: ChosenReading, predictions: PredictionCore[], minProbability: number, timings: ReadingCore['timings']): ReadingCore {
  const tops = predictions.map((p) => p.probabilities[p.index]!);
  return {
    text: predictions.map((p, i) => (chosen.spaceBefore[i] ? ' ' : '') + (tops[i]! < minProbability ? '?' : p.label)).join(''),
    digits: predictions.map((prediction, i) => ({ box: chosen.boxes[i]!, prediction: { ...prediction, timings } })),
    confidence: Math.min(...tops),
    timings,
  };
}

function toPictureBox(box: Box, { scale, x, y }: ReadingPlan): Box {
  const x0 = Math.floor(x + box.x / scale), y0 = Math.floor(y + box.y / scale);
  const x1 = Math.ceil(x + (box.x + box.width) / scale), y1 = Math.ceil(y + (box.y + box.height) / scale);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
