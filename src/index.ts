// se-edge: image classification in a Web Worker, with per-channel attention in every
// prediction. The public API; the worker and onnxruntime-web load on demand.
export { createClassifier, Classifier, type ClassifyOptions } from './classifier.js';
export { clearCache } from './clear-cache.js';
export type { ClassifierOptions } from './options.js';
export { INPUT_LENGTH, type ClassifierInput } from './input.js';
export {
  AbortError,
  BackendError,
  DisposedError,
  InputError,
  IntegrityError,
  ModelLoadError,
  OptionError,
  SeEdgeError,
  TimeoutError,
  WorkerError,
  type ErrorCode,
} from './errors.js';
export type {
  AttentionBlock,
  BackendName,
  BackendRequest,
  LoadPhase,
  LoadProgress,
  ModelManifest,
  ModelProbe,
  ModelSource,
  Prediction,
  TopClass,
} from './types.js';
export type { WorkerApi } from '../worker/api.js';
