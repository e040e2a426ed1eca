// Decodes what the main thread sent (an ImageBitmap, or a Blob still to decode) into RGBA
// pixels, here in the worker so that the page never pays for decoding.
import { InputError } from '../contract/errors.js';
import { imageReadingProblem } from './capabilities.js';

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
    return draw(bitmap, 0, 0, width, height, scale);
  } finally {
    bitmap.close();
  }
}

/**
 * A picture to read a line of symbols from is first looked at small, to find its ink, and
 * only its ink is then drawn, at a scale that brings the line to `inkHeight` pixels (never
 * enlarged): reduced by the height of its ink, not by its longer side, so that a long
 * number on a wide canvas keeps its digits readable, and a huge picture costs no more than
 * a small one.
 */
const PROBE_PIXELS = 48_000;

/** Where the ink lies in a picture (bounding box and the line's height, in its pixels). */
export type FindInk = (pixels: RgbaPixels) => { x0: number; y0: number; x1: number; y1: number; height: number } | null;

/**
 * Decodes a picture for reading: its ink region at the working size, and where that region
 * lies in the picture (picture pixel = working pixel / scale + x or y).
 * @throws InputError for a picture without ink (found by `findInk` on the small probe).
 */
export async function decodeInkRegion(
  source: ImageBitmap | Blob,
  findInk: FindInk,
  inkHeight: number,
): Promise<RgbaPixels & { scale: number; x: number; y: number }> {
  const bitmap = await toBitmap(source);
  try {
    const { width, height } = bitmap;
    const probeScale = Math.min(1, Math.sqrt(PROBE_PIXELS / (width * height)));
    const probe = draw(bitmap, 0, 0, width, height, probeScale);
    const found = findInk(probe);
    if (!found) throw new InputError('The image is blank: no ink was found');
    // Back to the picture's pixels, with a margin of two probe pixels (plus one of rounding).
    const px = width / probe.width, py = height / probe.height;
    const x = Math.max(0, Math.floor((found.x0 - 2) * px)), y = Math.max(0, Math.floor((found.y0 - 2) * py));
    const right = Math.min(width, Math.ceil((found.x1 + 3) * px)), bottom = Math.min(height, Math.ceil((found.y1 + 3) * py));
    // ImageData's fields are getters: spelled out, not spread.
    const { data, width: w, height: h } = draw(bitmap, x, y, right - x, bottom - y, Math.min(1, inkHeight / (found.height * py)));
    return { data, width: w, height: h, scale: w / (right - x), x, y };
  } finally {
    bitmap.close();
  }
}

async function toBitmap(source: ImageBitmap | Blob): Promise<ImageBitmap> {
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
function draw(bitmap: ImageBitmap, x: number, y: number, width: number, height: number, scale: number): RgbaPixels {
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
