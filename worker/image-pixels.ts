// Decodes what the main thread sent (an ImageBitmap, or a Blob still to decode) into RGBA
// pixels, here in the worker so that the page never pays for decoding.
import { InputError } from '../contract/errors.js';

/** Whether the main thread sent an image: what an image input becomes on its way here. */
export const isImage = (source: unknown): source is ImageBitmap | Blob =>
  source instanceof Blob || (typeof ImageBitmap !== 'undefined' && source instanceof ImageBitmap);

export interface RgbaPixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/**
 * The picture's pixels, reduced to at most `workingSide` pixels on its longer side (the
 * preprocessing's: enough for the model's input; anything finer only costs time).
 */
export async function decodeToPixels(source: ImageBitmap | Blob, workingSide: number): Promise<RgbaPixels> {
  const bitmap = await toBitmap(source);
  try {
    const { width, height } = bitmap;
    const scale = Math.min(1, workingSide / Math.max(width, height));
    return regionPixels(bitmap, 0, 0, width, height, scale);
  } finally {
    bitmap.close();
  }
}

/** The bitmap of what the main thread sent: itself, or a Blob decoded. */
export async function toBitmap(source: ImageBitmap | Blob): Promise<ImageBitmap> {
  const cannot = imageReadingProblem();
  if (cannot) throw new InputError(cannot);
  if (!(source instanceof Blob)) return source;
  if (source.size === 0) throw new InputError('The Blob is empty (0 bytes); expected an encoded image (PNG, JPEG, WebP...)');
  try {
    return await createImageBitmap(source, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  } catch (cause) {
    throw new InputError(`The Blob (type "${source.type || 'unknown'}", ${source.size} bytes) could not be decoded as an image`, { cause });
  }
}

/** The pixels of a region of the bitmap, drawn at `scale` (at least one pixel each way). */
export function regionPixels(bitmap: ImageBitmap, x: number, y: number, width: number, height: number, scale: number): RgbaPixels {
  if (bitmap.width === 0 || bitmap.height === 0) throw new InputError('The image is empty (0 pixels wide or high, or already closed)');
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const canvas = new OffscreenCanvas(w, h);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new InputError('Could not get a 2D context to read the image');
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, x, y, width, height, 0, 0, w, h);
  return context.getImageData(0, 0, w, h);
}

/** Why this browser cannot read an image's pixels in a worker; undefined when it can. */
export function imageReadingProblem(scope: typeof globalThis = globalThis): string | undefined {
  if (typeof scope.OffscreenCanvas !== 'function' || typeof scope.createImageBitmap !== 'function') {
    return 'this browser cannot read images in a worker (it has no OffscreenCanvas: Firefox 105, Safari 16.4 or later have one); pass the model\'s input as a Float32Array instead';
  }
  return undefined;
}
