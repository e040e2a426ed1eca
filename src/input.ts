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

/** Checks one input and prepares it for the worker. `where` names it in error messages. */
export async function toWorkerInput(input: unknown, where = 'input'): Promise<WorkerInput> {
  if (input instanceof Float32Array) return { kind: 'tensor', values: checkTensor(input, where) };
  if (is<Blob>('Blob', input)) {
    if (input.size === 0) throw new InputError(`${where}: the Blob is empty (0 bytes); expected an encoded image`);
    return { kind: 'image', source: input, transfer: false }; // decoded in the worker
  }
  if (is<ImageBitmap>('ImageBitmap', input)) {
    if (input.width === 0 || input.height === 0) throw new InputError(`${where}: the ImageBitmap is empty or closed`);
    return { kind: 'image', source: input, transfer: false }; // the app's own: cloned, not closed
  }
  if (is<ImageData>('ImageData', input) || is<HTMLCanvasElement>('HTMLCanvasElement', input) || is<OffscreenCanvas>('OffscreenCanvas', input)) {
    if (input.width === 0 || input.height === 0) {
      throw new InputError(`${where}: the image is empty (${input.width}x${input.height} pixels)`);
    }
    return { kind: 'image', source: await bitmapOf(input, where), transfer: true };
  }
  if (is<HTMLImageElement>('HTMLImageElement', input)) {
    try {
      await input.decode();
    } catch (cause) {
      throw new InputError(`${where}: the <img> could not be decoded (src ${JSON.stringify(input.currentSrc || input.src)})`, { cause });
    }
    if (input.naturalWidth === 0) throw new InputError(`${where}: the <img> has no pixels`);
    return { kind: 'image', source: await bitmapOf(input, where), transfer: true };
  }
  throw new InputError(
    `${where}: expected a Float32Array of ${INPUT_LENGTH} values, ImageData, ImageBitmap, HTMLCanvasElement, ` +
      `OffscreenCanvas, HTMLImageElement or Blob; got ${describe(input)}`,
  );
}

function checkTensor(values: Float32Array, where: string): Float32Array {
  if (values.length !== INPUT_LENGTH) {
    throw new InputError(`${where}: expected ${INPUT_LENGTH} values (28x28), got a Float32Array of ${values.length}`);
  }
  for (let i = 0; i < INPUT_LENGTH; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 1)) {
      const what = Number.isNaN(v) ? 'NaN' : !Number.isFinite(v) ? String(v) : `${v}, outside [0, 1]`;
      throw new InputError(`${where}: value ${i} is ${what}; expected values in [0, 1] (MNIST convention)`);
    }
  }
  return values;
}

async function bitmapOf(source: ImageBitmapSource, where: string): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(source, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  } catch (cause) {
    throw new InputError(`${where}: the image could not be read (${(cause as Error).message})`, { cause });
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const name = (value as object).constructor?.name ?? 'Object';
  return Array.isArray(value) ? `an Array of ${value.length} (wrap it: new Float32Array(values))` : `a ${name}`;
}
