// readDigits in the worker: reading a handwritten number, a line of digits. The engine needs
// two steps of it, around the one model run that a batch shares: the plan (the digits found
// in a picture and the model inputs of every candidate piece), then the reading chosen from
// the model's outputs. Everything else in this folder serves these.
import { InputError } from '../../contract/errors.js';
import { isImage } from '../image-pixels.js';
import type { Preprocessor } from '../preprocessing/preprocessor.js';
import { decodeInkRegion } from './ink-region.js';
import { planFromRgba, symbolsOf, type ReadingPlan } from './reading-plan.js';

export { chooseReading, readingOf } from './chosen-reading.js';
export type { ReadingPlan } from './reading-plan.js';

/**
 * Finds the digits of a picture the main thread sent, for a model whose preprocessing
 * (`preprocessingType`, the manifest's name for it) reads symbols one by one.
 * @throws UnsupportedError for a model that cannot read symbols; InputError for what is not
 * an image, a blank one, or one holding more than `maxDigits` digits.
 */
export async function planReading(source: unknown, preprocessor: Preprocessor, preprocessingType: string, maxDigits: number): Promise<ReadingPlan> {
  const symbols = symbolsOf(preprocessor, preprocessingType);
  if (!isImage(source)) throw new InputError('readDigits takes an image (ImageData, ImageBitmap, a canvas, an <img> or a Blob)');
  const region = await decodeInkRegion(source, symbols);
  return planFromRgba(region.data, region.width, region.height, symbols, maxDigits, region);
}
