// What classify() accepts, checked here on the main thread (cheap, and the error names the
// call), then turned into something the worker can take: a Float32Array that goes into the
// batch tensor, or an ImageBitmap / Blob that the worker decodes and preprocesses.
import { InputError } from '../contract/errors.js';

/** Anything `classify` accepts. */
export type ClassifierInput =
  | Float32Array
  | ImageData
  | ImageBitmap
  | HTMLCanvasElement
  | OffscreenCanvas
  | HTMLImageElement
  | Blob;

/**
 * An input on its way to the worker: values for the batch tensor, a bitmap of the page's own
 * (a copy, transferred), or a Blob the worker decodes.
 */
export type WorkerInput = Float32Array | ImageBitmap | Blob;

/**
 * Checks one input and prepares it for the worker: values and Blobs at once (a burst of
 * calls costs the page no extra task), other images once copied. `where` names it in error messages;
 * `length` is the loaded model's input length. Only what needs the page is checked here
 * (type, length, decodability): the length decides the batch tensor this side builds.
 * The worker checks the rest (values against the manifest's range, empty Blobs, blank
 * images: worker/input-values.ts, worker/image-pixels.ts) and its errors come back
 * prefixed with `where`.
 */
export function toWorkerInput(input: unknown, where: string, length: number): WorkerInput | Promise<WorkerInput> {
  if (input instanceof Float32Array) {
    if (input.length !== length) throw new InputError(`${where}: expected ${length} values (the model's input), got a Float32Array of ${input.length}`);
    return input;
  }
  if (input instanceof Blob) return input; // decoded in the worker
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) return toBitmap(input, where);
  throw new InputError(
    `${where}: expected an image or a Float32Array of ${length} values; got ${Array.isArray(input) ? 'an Array: wrap it in a Float32Array' : String(input)}`,
  );
}

/**
 * ImageData, canvases, <img>, video frames, bitmaps: whatever createImageBitmap takes (it
 * rejects the rest, a closed bitmap too). A copy, so that the app's own bitmap is never
 * transferred away.
 */
async function toBitmap(input: object, where: string): Promise<ImageBitmap> {
  try {
    if (input instanceof HTMLImageElement) await input.decode();
    return await createImageBitmap(input as ImageBitmapSource, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  } catch (cause) {
    throw new InputError(`${where}: the image could not be read (${(cause as Error).message})`, { cause });
  }
}
