// What a preprocessing is: the step that turns a decoded image into the model's input
// tensor, chosen by the manifest's `input.preprocessing.type`.
import type { ModelInput } from '../../contract/types.js';

/** A preprocessing a manifest can name. */
export interface PreprocessingKind {
  /**
   * Why this preprocessing cannot feed a model with this input (naming the manifest field),
   * or undefined when it can. Checked at load, so that nothing fails at the first classify.
   */
  problemWith(input: ModelInput): string | undefined;
  /** The preprocessor of a model whose input `problemWith` accepted. */
  forInput(input: ModelInput): Preprocessor;
}

/** The preprocessing of one model. */
export interface Preprocessor {
  /**
   * RGBA pixels (as in ImageData) of any size to one input of the model: channels x height
   * x width floats in its range. Throws an InputError for an image it cannot use (blank...).
   */
  fromRgba(rgba: Uint8ClampedArray, width: number, height: number): Float32Array;
  /**
   * Pictures are decoded at most this many pixels on their longer side before `fromRgba`:
   * enough detail for the model's input, and no more work than that.
   */
  workingSide: number;
  /**
   * Present when the model reads one handwritten symbol out of its ink (as `mnist-digit`
   * does): then readDigits can find several symbols in one picture and feed each one alone.
   */
  symbols?: SymbolInk;
}

/** The two halves of `fromRgba` for a picture holding several symbols. */
export interface SymbolInk {
  /**
   * The picture's ink, as `fromRgba` finds it: 0 for the paper, 1 for the strongest ink.
   * Throws an InputError when the picture is blank.
   */
  inkFromRgba(rgba: Uint8ClampedArray, width: number, height: number): Float32Array;
  /**
   * One symbol's ink (0 to 1, with paper around it) to one model input: what `fromRgba`
   * gives for a picture of that symbol alone.
   */
  fromInk(ink: Float32Array, width: number, height: number): Float32Array;
  /** Ink above this counts as ink (bounding boxes, connected strokes). */
  threshold: number;
  /**
   * The height, in pixels, a line of symbols is reduced to before it is cut into symbols
   * (never enlarged): enough detail for the model's own input, and little work.
   */
  lineHeight: number;
}
