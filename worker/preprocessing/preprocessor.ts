// What a preprocessing is: the step that turns a decoded image into the model's input
// tensor, chosen by the manifest's `input.preprocessing.type`.
import type { ModelInput } from '../../contract/types.js';

export interface Preprocessor {
  /**
   * Why this preprocessing cannot feed a model with this input (naming the manifest field),
   * or undefined when it can. Checked at load, so that nothing fails at the first classify.
   */
  problemWith(input: ModelInput): string | undefined;
  /**
   * RGBA pixels (as in ImageData) of any size to one input of the model: channels x height
   * x width floats in its range. Throws an InputError for an image it cannot use (blank...).
   */
  fromRgba(rgba: Uint8ClampedArray, width: number, height: number): Float32Array;
}
