// Compile-time checks of the public API: `tsc -b` compiles this file (test/tsconfig.json)
// and fails if a type drifts from what the README and docs/ document. Nothing here runs.
import type { Remote } from 'comlink';
import type { WorkerApi } from '../../contract/worker-api.js';
import {
  AbortError,
  clearCache,
  createClassifier,
  InputError,
  ModelLoadError,
  SeEdgeError,
  TimeoutError,
  UnsupportedError,
  type Box,
  type Classifier,
  type ClassifierInput,
  type ClassifierOptions,
  type DigitReading,
  type ErrorCode,
  type LoadInfo,
  type LoadProgress,
  type ModelManifest,
  type Prediction,
  type ReadDigit,
  type ReadDigitsOptions,
} from '../../src/index.js';
// @ts-expect-error: the worker's API is the contract between the SDK's two halves, not public API
import type { WorkerApi as NotPublic } from '../../src/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_: T) => undefined;

// Prediction: exactly the documented fields.
assertType<Equal<keyof Prediction, 'index' | 'label' | 'probabilities' | 'top' | 'attention' | 'timings'>>(true);
assertType<Equal<Prediction['probabilities'], Float32Array>>(true);
assertType<Equal<Prediction['attention'], Record<string, Float32Array>>>(true);
assertType<Equal<Prediction['top'][number], { index: number; label: string; probability: number }>>(true);
assertType<Equal<Prediction['timings'], { queueMs: number; inferMs: number; totalMs: number }>>(true);

// DigitReading: exactly the documented fields; each digit a box and a Prediction.
assertType<Equal<keyof DigitReading, 'text' | 'digits' | 'confidence' | 'timings'>>(true);
assertType<Equal<DigitReading['digits'], ReadDigit[]>>(true);
assertType<Equal<ReadDigit, { box: Box; prediction: Prediction }>>(true);
assertType<Equal<Box, { x: number; y: number; width: number; height: number }>>(true);
assertType<Equal<DigitReading['timings'], { queueMs: number; prepareMs: number; inferMs: number; totalMs: number }>>(true);
// readDigits' options: classify's plus maxDigits and minProbability, all optional.
assertType<Equal<keyof ReadDigitsOptions, 'topK' | 'signal' | 'timeoutMs' | 'maxDigits' | 'minProbability'>>(true);
const noReadOptions: ReadDigitsOptions = {};

// Options: every documented one, all optional.
assertType<
  Equal<
    keyof ClassifierOptions,
    | 'model'
    | 'backend'
    | 'expectedBatch'
    | 'cache'
    | 'wasmPaths'
    | 'numThreads'
    | 'worker'
    | 'onProgress'
    | 'loadTimeoutMs'
    | 'maxBatch'
    | 'signal'
  >
>(true);
const noOptions: ClassifierOptions = {};
assertType<Equal<ClassifierOptions['backend'], 'auto' | 'webgpu' | 'wasm' | undefined>>(true);
assertType<Equal<ClassifierOptions['cache'], boolean | { name: string } | undefined>>(true);
assertType<Equal<LoadProgress['phase'], 'manifest' | 'download' | 'cache' | 'compile' | 'ready'>>(true);
// @ts-expect-error: 'cpu' is not a backend
const badBackend: ClassifierOptions = { backend: 'cpu' };

// The classifier.
async function usage(canvas: HTMLCanvasElement, blob: Blob, signal: AbortSignal) {
  const clf: Classifier = await createClassifier(noOptions);
  assertType<Equal<typeof clf.backend, 'webgpu' | 'wasm'>>(true);
  assertType<Equal<typeof clf.backendReason, string>>(true);
  assertType<Equal<typeof clf.model, ModelManifest>>(true);
  assertType<Equal<typeof clf.inputLength, number>>(true);
  assertType<Equal<ModelManifest['input']['shape'], [string | number, number, number, number]>>(true);
  assertType<Equal<ModelManifest['input']['range'], [number, number]>>(true);
  assertType<Equal<ModelManifest['input']['preprocessing']['type'], 'mnist-digit' | 'fit'>>(true);
  const one: Prediction = await clf.classify(canvas, { topK: 3, signal, timeoutMs: 500 });
  const removed: string[] = await clearCache();
  const many: Prediction[] = await clf.classifyBatch([new Float32Array(784), blob], { topK: 1 });
  const seen: Float32Array = await clf.preprocess(canvas);
  const reading: DigitReading = await clf.readDigits(canvas, { maxDigits: 8, minProbability: 0.5, signal, timeoutMs: 500, topK: 1 });
  const read: DigitReading = await clf.readDigits(blob, noReadOptions);
  // @ts-expect-error: readDigits reads images, not the model's input values
  await clf.readDigits(new Float32Array(784));
  // @ts-expect-error: a string is not an input
  await clf.classify('digit.png');
  await clf.dispose();
  return [one, many, seen, removed, reading, read];
}

// Inputs: the documented union.
assertType<
  Equal<
    ClassifierInput,
    Float32Array | ImageData | ImageBitmap | HTMLCanvasElement | OffscreenCanvas | HTMLImageElement | Blob
  >
>(true);

// Errors: exported classes with codes.
const error: SeEdgeError = new InputError('x');
assertType<Equal<typeof error.code, ErrorCode>>(true);
assertType<AbortError extends SeEdgeError ? true : false>(true);

// Each error class is its own type: instanceof narrows to it, with its literal name and code,
// and one class's instance is not another's.
function narrowing(caught: unknown) {
  if (caught instanceof InputError) {
    assertType<Equal<typeof caught.code, 'INVALID_INPUT'>>(true);
    assertType<Equal<typeof caught.name, 'InputError'>>(true);
  }
  if (caught instanceof TimeoutError) assertType<Equal<typeof caught.code, 'TIMEOUT'>>(true);
  if (caught instanceof UnsupportedError) assertType<Equal<typeof caught.code, 'UNSUPPORTED'>>(true);
  if (caught instanceof SeEdgeError && !(caught instanceof ModelLoadError)) {
    assertType<Equal<typeof caught, SeEdgeError>>(true);
  }
  // @ts-expect-error: an InputError is not a TimeoutError
  const wrong: TimeoutError = new InputError('x');
  // @ts-expect-error: nor an AbortError
  const alsoWrong: AbortError = new InputError('x');
  const right: InputError = new InputError('x');
  return [wrong, alsoWrong, right];
}

assertType<Equal<ErrorCode, 'INVALID_INPUT' | 'ABORTED' | 'DISPOSED' | 'MODEL_LOAD' | 'INTEGRITY' | 'BACKEND' | 'WORKER' | 'TIMEOUT' | 'INVALID_OPTION' | 'UNSUPPORTED'>>(true);

// The worker contract (contract/worker-api.ts): the main thread sees it through Comlink.
type Api = Remote<WorkerApi>;
assertType<Equal<keyof WorkerApi, 'load' | 'run' | 'preprocess' | 'clearCache' | 'dispose'>>(true);
// Each slot comes back as a prediction or a reading (with the worker's timings only: the main
// thread adds its own) or an error.
type Slot = Awaited<ReturnType<Api['run']>>['slots'][number];
type SlotValue = Extract<Slot, { result: unknown }>['result'];
assertType<Extract<SlotValue, { label: string }> extends Omit<Prediction, 'timings'> & { timings: { inferMs: number } } ? true : false>(true);
assertType<Extract<SlotValue, { text: string }> extends Omit<DigitReading, 'timings' | 'digits'> ? true : false>(true);
assertType<Equal<keyof Extract<SlotValue, { text: string }>['timings'], 'prepareMs' | 'inferMs'>>(true);
type IsNever<T> = [T] extends [never] ? true : false;
assertType<Equal<[IsNever<Extract<SlotValue, { label: string }>>, IsNever<Extract<SlotValue, { text: string }>>], [false, false]>>(true);
assertType<Equal<keyof Extract<Slot, { error: unknown }>['error'], 'name' | 'code' | 'message'>>(true);

export { badBackend, narrowing, usage };
export type { NotPublic };

// The classifier exposes the worker's LoadInfo, field by field (Object.assign), read-only.
assertType<{ [K in keyof LoadInfo]: Equal<Classifier[K], LoadInfo[K]> }[keyof LoadInfo]>(true);
function readOnly(clf: Classifier) {
  // @ts-expect-error: only the SDK changes the backend
  clf.backend = 'wasm';
  // @ts-expect-error: nor the model
  clf.model = clf.model;
}
export { readOnly };
