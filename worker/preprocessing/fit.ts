// `fit` preprocessing: the whole picture, as it is, into the model's input. Grey (luma) or
// RGB, optionally inverted, resized by area averaging to fit the input's height x width with
// its aspect ratio kept, centred, the rest filled with a constant. No cropping to the
// content and no centring by mass (that is what `mnist-digit` adds for handwriting).
// Pure functions on pixel arrays; models/preprocessing.py is its Python twin, for training
// data prepared the way the SDK prepares pictures.
import type { ModelInput } from '../../contract/types.js';
import { normalizationProblem } from './normalization.js';
import type { PreprocessingKind } from './preprocessor.js';
import { resampleArea } from './resample.js';

/** The largest input side `fit` serves: larger inputs would cost seconds per picture. */
const MAX_SIDE = 1024;
/** Pictures are decoded at least this large before they are fitted. */
const MIN_WORKING_SIDE = 256;

const show = (value: unknown) => JSON.stringify(value) ?? String(value);

/** The options of one `fit`, from the manifest. */
export interface FitOptions {
  /** 3 channels (R, G, B) or 1 (luma). */
  rgb: boolean;
  /** 1 - v: for models trained on light shapes on a dark ground, fed photos of dark on light. */
  invert: boolean;
  /** The value around the fitted picture, in [0, 1] (after inversion). */
  pad: number;
  width: number;
  height: number;
}

export const fit: PreprocessingKind = {
  problemWith(input: ModelInput) {
    const { color = 'grayscale', invert, pad } = input.preprocessing as { color?: unknown; invert?: unknown; pad?: unknown };
    if (color !== 'grayscale' && color !== 'rgb') return `"input.preprocessing.color" must be "grayscale" or "rgb"; got ${show(color)}`;
    if (invert !== undefined && typeof invert !== 'boolean') return `"input.preprocessing.invert" must be true or false; got ${show(invert)}`;
    if (pad !== undefined && !(typeof pad === 'number' && pad >= 0 && pad <= 1)) return `"input.preprocessing.pad" must be a number from 0 to 1; got ${show(pad)}`;
    const [, channels, height, width] = input.shape;
    const wanted = color === 'rgb' ? 3 : 1;
    if (channels !== wanted) {
      return `"input.shape" must have ${wanted} channel${wanted > 1 ? 's' : ''} for "fit" preprocessing with color "${color}"; got [N, ${channels}, ${height}, ${width}]`;
    }
    if (height > MAX_SIDE || width > MAX_SIDE) {
      return `"input.shape" is [N, ${channels}, ${height}, ${width}]; "fit" preprocessing serves inputs up to ${MAX_SIDE} x ${MAX_SIDE}`;
    }
    return normalizationProblem(input, 'fit');
  },
  forInput({ preprocessing, shape: [, , height, width] }: ModelInput) {
    const { color = 'grayscale', invert = false, pad = 0 } = preprocessing as { color?: string; invert?: boolean; pad?: number };
    const options: FitOptions = { rgb: color === 'rgb', invert, pad, width, height };
    return {
      fromRgba: (rgba: Uint8ClampedArray, w: number, h: number) => fitPicture(rgba, w, h, options),
      workingSide: Math.max(MIN_WORKING_SIDE, height, width),
    };
  },
};

/**
 * RGBA pixels (as in ImageData) of any size to channels x height x width floats in [0, 1]:
 * transparent pixels count as white, then grey or RGB, inversion, the fit and the padding.
 */
export function fitPicture(rgba: Uint8ClampedArray, w: number, h: number, { rgb, invert, pad, width, height }: FitOptions): Float32Array {
  const n = w * h;
  const planes = Array.from({ length: rgb ? 3 : 1 }, () => new Float32Array(n));
  for (let i = 0, p = 0; i < n; i++, p += 4) {
    const alpha = rgba[p + 3]! / 255;
    for (let c = 0; c < planes.length; c++) {
      const colour = rgb ? rgba[p + c]! / 255 : (0.299 * rgba[p]! + 0.587 * rgba[p + 1]! + 0.114 * rgba[p + 2]!) / 255;
      const v = alpha * colour + (1 - alpha);
      planes[c]![i] = invert ? 1 - v : v;
    }
  }
  const scale = Math.min(width / w, height / h);
  const fw = Math.min(width, Math.max(1, Math.round(w * scale)));
  const fh = Math.min(height, Math.max(1, Math.round(h * scale)));
  const x0 = Math.floor((width - fw) / 2);
  const y0 = Math.floor((height - fh) / 2);
  const out = new Float32Array(planes.length * width * height).fill(pad);
  planes.forEach((plane, c) => {
    const fitted = resampleArea(plane, w, h, fw, fh);
    for (let y = 0; y < fh; y++) out.set(fitted.subarray(y * fw, (y + 1) * fw), c * width * height + (y0 + y) * width + x0);
  });
  return out;
}
