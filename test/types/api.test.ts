// Compile-time checks of the public API: `npm test` compiles this file (tsconfig.test.json)
// and fails if a type drifts from what the README documents. Nothing here runs.
import type { Remote } from 'comlink';
import {
  AbortError,
  clearCache,
  createClassifier,
  InputError,
  SeEdgeError,
  type Classifier,
  type ClassifierInput,
  type ClassifierOptions,
  type ErrorCode,
  type LoadProgress,
  type ModelManifest,
  type Prediction,
  type WorkerApi,
} from '../../src/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_: T) => undefined;

// Prediction: exactly the documented fields.
assertType<Equal<keyof Prediction, 'index' | 'label' | 'probabilities' | 'top' | 'attention' | 'timings'>>(true);
assertType<Equal<Prediction['probabilities'], Float32Array>>(true);
assertType<Equal<Prediction['attention'], Record<string, Float32Array>>>(true);
assertType<Equal<Prediction['top'][number], { index: number; label: string; probability: number }>>(true);
assertType<Equal<Prediction['timings'], { queueMs: number; inferMs: number; totalMs: number }>>(true);

// Options: every documented one, all optional.
assertType<
  Equal<
    keyof ClassifierOptions,
    | 'model'
    | 'backend'
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
  const one: Prediction = await clf.classify(canvas, { topK: 3, signal, timeoutMs: 500 });
  const removed: string[] = await clearCache();
  const many: Prediction[] = await clf.classifyBatch([new Float32Array(784), blob], { topK: 1 });
  const seen: Float32Array = await clf.preprocess(canvas);
  // @ts-expect-error: a string is not an input
  await clf.classify('digit.png');
  await clf.dispose();
  return [one, many, seen, removed];
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

assertType<Equal<ErrorCode, 'INVALID_INPUT' | 'ABORTED' | 'DISPOSED' | 'MODEL_LOAD' | 'INTEGRITY' | 'BACKEND' | 'WORKER' | 'TIMEOUT' | 'INVALID_OPTION'>>(true);

// The worker contract: the main thread sees the worker's own API through Comlink.
type Api = Remote<WorkerApi>;
assertType<Equal<keyof WorkerApi, 'load' | 'run' | 'preprocess' | 'clearCache' | 'dispose'>>(true);
// Each slot comes back as a prediction (without the timings the main thread adds) or an error.
type Slot = Awaited<ReturnType<Api['run']>>['slots'][number];
assertType<Extract<Slot, { prediction: unknown }>['prediction'] extends Omit<Prediction, 'timings'> ? true : false>(true);
assertType<Equal<keyof Extract<Slot, { error: unknown }>['error'], 'name' | 'code' | 'message'>>(true);

export { badBackend, usage };
