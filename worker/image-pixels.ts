// Decodes what the main thread sent (an ImageBitmap, or a Blob still to decode) into RGBA
// pixels, here in the worker so that the page never pays for decoding.
import { InputError } from '../contract/errors.js';
import { imageReadingProblem } from './capabilities.js';

/**
 * Pictures are reduced to at most this many pixels on their longer side before
 * preprocessing: the model sees 20x20 of ink, and anything finer only costs time.
 */
export const WORKING_SIDE = 256;

export interface RgbaPixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export async function decodeToPixels(source: ImageBitmap | Blob): Promise<RgbaPixels> {
  const cannot = imageReadingProblem();
  if (cannot) throw new InputError(cannot);
  let bitmap: ImageBitmap;
  if (source instanceof Blob) {
    if (source.size === 0) throw new InputError('The Blob is empty (0 bytes); expected an encoded image (PNG, JPEG, WebP...)');
    try {
      bitmap = await createImageBitmap(source, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
    } catch (cause) {
      throw new InputError(`The Blob (type "${source.type || 'unknown'}", ${source.size} bytes) could not be decoded as an image`, { cause });
    }
  } else {
    bitmap = source;
  }
  try {
    const { width, height } = bitmap;
    if (width === 0 || height === 0) throw new InputError('The image is empty (0 pixels wide or high, or already closed)');
    const scale = Math.min(1, WORKING_SIDE / Math.max(width, height));
    const w = Math.max(1, Math.round(width * scale));
    const h = Math.max(1, Math.round(height * scale));
    const canvas = new OffscreenCanvas(w, h);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new InputError('Could not get a 2D context to read the image');
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, w, h);
    return context.getImageData(0, 0, w, h);
  } finally {
    bitmap.close();
  }
}
