// Reads a line of handwritten digits: finds the ink as the model's preprocessing does, brings
// it to the working size, segments it (preprocessing/digit-segmentation.ts), preprocesses
// each digit as if it had been drawn alone, and, once the model has seen them all in one
// batch, picks for each stretch of touching ink the cut the model reads best, then writes
// the text. Pure: pixels and model outputs in, a reading out; the engine runs the model.
import { InputError, UnsupportedError } from '../contract/errors.js';
import type { Box } from '../contract/types.js';
import type { PredictionCore, ReadingCore } from '../contract/worker-api.js';
import { segmentLine, type Glyph, type Line } from './preprocessing/digit-segmentation.js';
import { inkAtWorkingSize, inkExtent, type InkExtent, type LineInk } from './preprocessing/line-ink.js';
import type { Preprocessor, SymbolInk } from './preprocessing/preprocessor.js';

/**
 * What readDigits needs from the model's preprocessing: only preprocessings that read one
 * handwritten symbol out of its ink (mnist-digit) can find several in a picture.
 * @throws UnsupportedError for any other, naming it.
 */
export function symbolsOf(preprocessor: Preprocessor, type: string): SymbolInk {
  if (preprocessor.symbols) return preprocessor.symbols;
  throw new UnsupportedError(
    `readDigits needs a model that reads one handwritten symbol at a time (input.preprocessing "mnist-digit"); this model's is "${type}"`,
  );
}

/**
 * Where the ink of a picture lies, for the worker's first look at it, small: strokes thinned
 * to grey by that reduction still count (a quarter of the usual threshold).
 */
export function findInk(symbols: SymbolInk) {
  return ({ data, width, height }: { data: Uint8ClampedArray; width: number; height: number }): InkExtent | null =>
    inkExtent(symbols.inkFromRgba(data, width, height), width, height, symbols.threshold / 4);
}

/** A gap between two digits wider than this (x the digits' height: about one digit's width) is a space. */
export const SPACE_GAP = 0.8;
/**
 * How much a cut's cost in shapes weighs against the model's confidence (the sum of the log
 * top-1 probabilities of its digits) when the cuts of a stretch of ink are compared.
 */
const SHAPE_WEIGHT = 1;

/** The digits found in a picture, and the inputs the model must see to read them. */
export interface ReadingPlan {
  line: Line;
  /** Every glyph of every cut, in the order of `inputs`. */
  glyphs: Glyph[];
  /** One model input per glyph, `inputLength` values each. */
  inputs: Float32Array;
  /** From working pixels to the picture's: picture = x (or y) + working / scale. */
  scale: number;
  x: number;
  y: number;
}

/**
 * Finds the digits of a picture (RGBA, as in ImageData). `toPicture` maps the RGBA's pixels
 * to the caller's picture when the RGBA is a reduced or cropped copy of it.
 * @throws InputError when the picture is blank, or holds more than `maxDigits` digits.
 */
export function planReading(
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
  symbols: SymbolInk,
  maxDigits: number,
  toPicture: { scale: number; x: number; y: number } = { scale: 1, x: 0, y: 0 },
): ReadingPlan {
  const ink = symbols.inkFromRgba(rgba, width, height);
  const extent = inkExtent(ink, width, height, symbols.threshold);
  if (!extent) throw new InputError('The image is blank: no ink was found');
  return planFromInk(inkAtWorkingSize(ink, width, height, extent, symbols.lineHeight), symbols, maxDigits, toPicture);
}

/** planReading from ink already at the working size. */
export function planFromInk(work: LineInk, symbols: SymbolInk, maxDigits: number, toPicture = { scale: 1, x: 0, y: 0 }): ReadingPlan {
  const line = segmentLine(work.ink, work.width, work.height, { threshold: symbols.threshold, maxSymbols: maxDigits });
  if (line.count === 0) throw new InputError('The image is blank: no ink was found (only specks)');
  if (line.count > maxDigits) {
    // Segmentation stops early when even the stretches of ink outnumber maxDigits.
    const count = line.groups.length ? `${line.count}` : `at least ${line.count}`;
    throw new InputError(`The image holds ${count} digits, more than maxDigits (${maxDigits})`);
  }
  const glyphs = line.groups.flatMap((group) => group.pieces.map((piece) => piece.glyph));
  const inputs = glyphs.map((glyph) => symbols.fromInk(glyph.ink, glyph.width, glyph.height));
  const length = inputs[0]!.length;
  const all = new Float32Array(inputs.length * length);
  inputs.forEach((input, i) => all.set(input, i * length));
  return {
    line,
    glyphs,
    inputs: all,
    scale: work.scale * toPicture.scale,
    x: toPicture.x + work.x / toPicture.scale,
    y: toPicture.y + work.y / toPicture.scale,
  };
}

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
    // Best chains to each cut point, left to right (pieces are sorted by their left cut point).
    const score = new Float64Array(group.end + 1).fill(-Infinity);
    const back: number[] = [];
    score[0] = 0;
    group.pieces.forEach((piece, i) => {
      const value = score[piece.from]! + Math.log(Math.max(1e-9, topProbability(first + i))) - SHAPE_WEIGHT * piece.cost;
      if (value > score[piece.to]!) (score[piece.to] = value), (back[piece.to] = i);
    });
    const chain: number[] = [];
    for (let point = group.end; point > 0; point = group.pieces[back[point]!]!.from) chain.unshift(first + back[point]!);
    rows.push(...chain);
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
