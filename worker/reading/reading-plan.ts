// The plan of a reading: the digits found in a picture's ink, as a lattice of candidate
// pieces per stretch of ink, and the model inputs of every piece, so that the model sees
// them all in one batch. Pure: pixels in, a plan out.
import { InputError, UnsupportedError } from '../../contract/errors.js';
import type { Preprocessor, SymbolInk } from '../preprocessing/preprocessor.js';
import type { Glyph } from './glyph.js';
import { inkAtWorkingSize, inkExtent, type LineInk } from './line-ink.js';
import { segmentLine, type Line } from './segment-line.js';

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
export function planFromRgba(
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

/** planFromRgba from ink already at the working size. */
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
