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

export type WorkerInput =
  | { kind: 'tensor'; values: Float32Array }
  | { kind: 'image'; source: ImageBitmap | Blob; transfer: boolean };

/**
 * Checks one input and prepares it for the worker. `where` names it in error messages;
 * `length` is the loaded model's input length. Only what needs the page is checked here
 * (type, length, decodability): the length decides the batch tensor this side builds.
 * The worker checks the rest (values against the manifest's range, empty Blobs, blank
 * images: worker/input-values.ts, worker/image-pixels.ts) and its errors come back
 * prefixed with `where`.
 */
export async function toWorkerInput(input: unknown, where: string, length: number): Promise<WorkerInput> {
  if (input instanceof Float32Array) {
    if (input.length !== length) throw new InputError(`${where}: expected ${length} values (the model's input), got a Float32Array of ${input.length}`);
    return { kind: 'tensor', values: input };
  }
  if (input instanceof Blob) return { kind: 'image', source: input, transfer: false }; // decoded in the worker
  if (input instanceof ImageBitmap) {
    // The app's own bitmap is cloned, not transferred; a closed one cannot even be cloned.
    if (!input.width) throw new InputError(`${where}: the ImageBitmap is closed or empty`);
    return { kind: 'image', source: input, transfer: false };
  }
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    // ImageData, canvases, <img>, video frames: whatever createImageBitmap takes; it rejects the rest.
    try {
      if (input instanceof HTMLImageElement) await input.decode();
      return { kind: 'image', source: await createImageBitmap(input as ImageBitmapSource, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' }), transfer: true };
    } catch (cause) {
      throw new InputError(`${where}: the image could not be read (${(cause as Error).message})`, { cause });
    }
  }
  throw new InputError(
    `${where}: expected an image or a Float32Array of ${length} values; got ${Array.isArray(input) ? 'an Array: wrap it in a Float32Array' : String(input)}`,
  );
}
