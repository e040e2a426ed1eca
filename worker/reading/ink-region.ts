// Decodes a picture for reading: it is first looked at small, to find its ink, and only its
// ink is then drawn, at a scale that brings the line to the preprocessing's line height
// (never enlarged): reduced by the height of its ink, not by its longer side, so that a long
// number on a wide canvas keeps its digits readable, and a huge picture costs no more than a
// small one.
import { InputError } from '../../contract/errors.js';
import { regionPixels, toBitmap, type RgbaPixels } from '../image-pixels.js';
import type { SymbolInk } from '../preprocessing/preprocessor.js';
import { inkExtent, type InkExtent } from './line-ink.js';
import { PROBE_PIXELS, PROBE_THRESHOLD_DIVISOR } from './tuning.js';

/** A picture's ink region at the working size, and where it lies in the picture (picture pixel = working pixel / scale + x or y). */
export type InkRegion = RgbaPixels & { scale: number; x: number; y: number };

/**
 * Decodes a picture's ink region (see above).
 * @throws InputError for a picture without ink (found on the small probe).
 */
export async function decodeInkRegion(source: ImageBitmap | Blob, symbols: SymbolInk): Promise<InkRegion> {
  const bitmap = await toBitmap(source);
  try {
    const { width, height } = bitmap;
    const probeScale = Math.min(1, Math.sqrt(PROBE_PIXELS / (width * height)));
    const probe = regionPixels(bitmap, 0, 0, width, height, probeScale);
    const found = findInk(probe, symbols);
    if (!found) throw new InputError('The image is blank: no ink was found');
    // Back to the picture's pixels, with a margin of two probe pixels (plus one of rounding).
    const px = width / probe.width, py = height / probe.height;
    const x = Math.max(0, Math.floor((found.x0 - 2) * px)), y = Math.max(0, Math.floor((found.y0 - 2) * py));
    const right = Math.min(width, Math.ceil((found.x1 + 3) * px)), bottom = Math.min(height, Math.ceil((found.y1 + 3) * py));
    // ImageData's fields are getters: spelled out, not spread.
    const { data, width: w, height: h } = regionPixels(bitmap, x, y, right - x, bottom - y, Math.min(1, symbols.lineHeight / (found.height * py)));
    return { data, width: w, height: h, scale: w / (right - x), x, y };
  } finally {
    bitmap.close();
  }
}

/**
 * Where the ink of the small probe lies: strokes thinned to grey by that reduction still
 * count (ink above a fraction of the usual threshold).
 */
function findInk({ data, width, height }: RgbaPixels, symbols: SymbolInk): InkExtent | null {
  return inkExtent(symbols.inkFromRgba(data, width, height), width, height, symbols.threshold / PROBE_THRESHOLD_DIVISOR);
}
