// What classify() accepts, checked here on the main thread (cheap, and the error names the
// call), then turned into something the worker can take: a Float32Array that goes into the
// batch tensor, or an ImageBitmap / Blob that the worker decodes and preprocesses.
import { InputError } from './errors.js';

/** 784 = 28 x 28 input values (MNIST convention: white digit on black, values in [0, 1]). */
export const INPUT_LENGTH = 784;

/** Anything `classify` accepts. */
export type ClassifierInput =
  | Float32Array
  | ImageData
  | ImageBitmap
  | HTMLCanvasElement
  | OffscreenCanvas
  | HTMLImageElement
  | Blob;

export type WorkerInput =
  | { kind: 'tensor'; values: Float32Array }
  | { kind: 'image'; source: ImageBitmap | Blob; transfer: boolean };

const is = <T>(name: string, value: unknown): value is T => {
  const type = (globalThis as Record<string, unknown>)[name];
  return typeof type === 'function' && value instanceof (type as new () => T);
};

/**
 * Checks one input and prepares it for the worker. `where` names it in error messages.
 * Only what needs the page is checked here (type, length, decodability); the worker checks
 * the rest (values, empty Blobs, blank images) and its errors come back prefixed with `where`.
 */
export async function toWorkerInput(input: unknown, where = 'input'): Promise<WorkerInput> {
  if (input instanceof Float32Array) return { kind: 'tensor', values: checkTensor(input, where) };
  if (input instanceof Blob) return { kind: 'image', source: input, transfer: false }; // decoded in the worker
  if (is<ImageBitmap>('ImageBitmap', input)) {
    // The app's own bitmap is cloned, not transferred; a closed one cannot even be cloned.
    if (!input.width) throw new InputError(`${where}: the ImageBitmap is closed or empty`);
    return { kind: 'image', source: input, transfer: false };
  }
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    // ImageData, canvases, <img>, video frames: whatever createImageBitmap takes; it rejects the rest.
    try {
      if (is<HTMLImageElement>('HTMLImageElement', input)) await input.decode();
      return { kind: 'image', source: await createImageBitmap(input as ImageBitmapSource, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' }), transfer: true };
    } catch (cause) {
      throw new InputError(`${where}: the image could not be read (${(cause as Error).message})`, { cause });
    }
  }
  throw new InputError(
    `${where}: expected ${INPUT_LENGTH} floats (a Float32Array) or an image (ImageData, ImageBitmap, canvas, <img>, Blob); got ${Array.isArray(input) ? 'an Array: wrap it in a Float32Array' : String(input)}`,
  );
}

/** The length here; the values (finite, in [0, 1]) are checked in the worker. */
function checkTensor(values: Float32Array, where: string): Float32Array {
  if (values.length !== INPUT_LENGTH) {
    throw new InputError(`${where}: expected ${INPUT_LENGTH} values (28x28), got a Float32Array of ${values.length}`);
  }
  return values;
}
