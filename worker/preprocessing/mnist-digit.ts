// MNIST-style preprocessing: turns any picture of a digit into the 28x28 input the model
// was trained on, the way the MNIST digits themselves were made (LeCun et al.):
// grayscale -> white ink on black -> crop to the ink -> fit into 20x20 keeping the aspect
// ratio (anti-aliased) -> place in 28x28 so that the centre of mass sits at the centre.
// Pure functions on pixel arrays: no DOM, no canvas; the worker feeds them.
// The MNIST geometry (28x28, a 20x20 box) lives here and nowhere else in the SDK.
import { InputError } from '../../contract/errors.js';
import type { ModelInput } from '../../contract/types.js';
import { inkBounds } from '../geometry/ink-bounds.js';
import { normalizationProblem } from './normalization.js';
import type { PreprocessingKind, Preprocessor } from './preprocessor.js';
import { resampleArea } from './resample.js';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const BOX = 20;
/** Ink below this (after contrast normalisation) does not count for the bounding box. */
const INK_THRESHOLD = 0.1;
/** A picture whose darkest and lightest parts differ by less than this has no digit. */
const MIN_CONTRAST = 0.1;

/**
 * `mnist-digit`: for models whose input is [N, 1, 28, 28], white on black, in [0, 1] (or
 * what the manifest's mean/std make of it). One preprocessor serves every such model.
 */
export const mnistDigit: PreprocessingKind & Preprocessor = {
  problemWith(input: ModelInput) {
    const [, channels, height, width] = input.shape;
    if (channels !== 1 || height !== SIDE || width !== SIDE) {
      return `"input.shape" must be [N, 1, ${SIDE}, ${SIDE}] for "mnist-digit" preprocessing; got [N, ${channels}, ${height}, ${width}]`;
    }
    return normalizationProblem(input, 'mnist-digit');
  },
  forInput: () => mnistDigit,
  fromRgba: mnistFromRgba,
  // The model sees 20x20 of ink: anything finer only costs time.
  workingSide: 256,
  // One digit at a time: readDigits finds the digits in the ink, then preprocesses each.
  symbols: {
    inkFromRgba: (rgba, width, height) => normalizeInk(inkFromRgba(rgba, width, height), width, height),
    fromInk: mnistFromInk,
    threshold: INK_THRESHOLD,
    // More than twice the 20-pixel box: 64 read numbers no better, at half again the work.
    lineHeight: 48,
  },
};

/**
 * RGBA pixels (as in ImageData) to the model's 784 floats. Transparent pixels count as
 * white paper, so black strokes on a transparent canvas work as drawn.
 * @throws InputError when the picture is blank (no ink).
 */
export function mnistFromRgba(rgba: Uint8ClampedArray, width: number, height: number): Float32Array {
  return mnistFromInk(inkFromRgba(rgba, width, height), width, height);
}

/**
 * RGBA pixels to ink intensities (higher = more ink): grayscale, transparent pixels as white
 * paper, and inverted when the ink is dark on light paper (the border is mostly paper).
 */
export function inkFromRgba(rgba: Uint8ClampedArray, width: number, height: number): Float32Array {
  const n = width * height;
  const lightness = new Float32Array(n);
  for (let i = 0, p = 0; i < n; i++, p += 4) {
    const alpha = rgba[p + 3]! / 255;
    const luma = (0.299 * rgba[p]! + 0.587 * rgba[p + 1]! + 0.114 * rgba[p + 2]!) / 255;
    lightness[i] = alpha * luma + (1 - alpha);
  }
  // The border is mostly background: light border means dark ink on light paper.
  if (median(borderValues(lightness, width, height)) >= 0.5) for (let i = 0; i < n; i++) lightness[i] = 1 - lightness[i]!;
  return lightness;
}

/**
 * Contrast: the background (border median) to 0, the strongest ink to 1, clamped. Applying it
 * twice changes nothing, so ink normalized once for a whole line of digits can be cut into
 * digits that each preprocess exactly as they would alone.
 * @throws InputError when the picture is blank (no ink).
 */
export function normalizeInk(ink: Float32Array, width: number, height: number): Float32Array {
  const background = median(borderValues(ink, width, height));
  let peak = 0;
  for (const v of ink) if (v > peak) peak = v;
  if (peak - background < MIN_CONTRAST) {
    throw new InputError('The image is blank: no ink was found (it has no contrast between digit and background)');
  }
  const scale = 1 / (peak - background);
  const out = new Float32Array(ink.length);
  for (let i = 0; i < ink.length; i++) {
    const v = (ink[i]! - background) * scale;
    out[i] = v > 1 ? 1 : v > 0 ? v : 0;
  }
  return out;
}

/** Ink intensities (1 = ink, 0 = background) of any size to the model's 784 floats. */
export function mnistFromInk(ink: Float32Array, width: number, height: number): Float32Array {
  const normal = normalizeInk(ink, width, height);
  // Contrast made the strongest ink 1: there is ink above the threshold.
  const { x0, y0, x1, y1 } = inkBounds(normal, width, height, INK_THRESHOLD)!;
  const cropWidth = x1 - x0 + 1;
  const cropHeight = y1 - y0 + 1;
  const crop = new Float32Array(cropWidth * cropHeight);
  for (let y = 0; y < cropHeight; y++) {
    crop.set(normal.subarray((y0 + y) * width + x0, (y0 + y) * width + x1 + 1), y * cropWidth);
  }
  const fit = BOX / Math.max(cropWidth, cropHeight);
  const boxWidth = Math.max(1, Math.round(cropWidth * fit));
  const boxHeight = Math.max(1, Math.round(cropHeight * fit));
  const box = resampleArea(crop, cropWidth, cropHeight, boxWidth, boxHeight);
  // Thin strokes come out grey after downscaling; MNIST strokes have full-intensity cores.
  let boxPeak = 0;
  for (const v of box) if (v > boxPeak) boxPeak = v;
  for (let i = 0; i < box.length; i++) box[i] = box[i]! / boxPeak;
  return centreByMass(box, boxWidth, boxHeight);
}

/** Places `box` in a 28x28 frame so that its centre of mass lands on the frame's centre. */
function centreByMass(box: Float32Array, width: number, height: number): Float32Array {
  let mass = 0, mx = 0, my = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = box[y * width + x]!;
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  const offsetX = Math.round(SIDE / 2 - mx / mass);
  const offsetY = Math.round(SIDE / 2 - my / mass);
  const out = new Float32Array(PIXELS);
  for (let y = 0; y < height; y++) {
    const ty = y + offsetY;
    if (ty < 0 || ty >= SIDE) continue;
    for (let x = 0; x < width; x++) {
      const tx = x + offsetX;
      if (tx >= 0 && tx < SIDE) out[ty * SIDE + tx] = box[y * width + x]!;
    }
  }
  return out;
}

function borderValues(values: Float32Array, width: number, height: number): Float32Array {
  const out: number[] = [];
  for (let x = 0; x < width; x++) out.push(values[x]!, values[(height - 1) * width + x]!);
  for (let y = 1; y < height - 1; y++) out.push(values[y * width]!, values[y * width + width - 1]!);
  return Float32Array.from(out);
}

function median(values: Float32Array): number {
  const sorted = values.slice().sort();
  return sorted[sorted.length >> 1] ?? 0;
}
