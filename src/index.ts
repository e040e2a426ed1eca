// se-edge: image classification in a Web Worker, with per-channel attention in every
// prediction. The public API; the worker and onnxruntime-web load on demand.
export { createClassifier, Classifier, type ChannelEffectsOptions, type ClassifyOptions, type InspectOptions, type ReadDigitsOptions } from './classifier.js';
export { clearCache } from './clear-cache.js';
export type { ClassifierOptions } from './options.js';
export type { ClassifierInput } from './input.js';
export * from './public-errors.js';
export type {
  AttentionBlock,
  BackendName,
  BackendRequest,
  BlockInspection,
  Box,
  ChannelEffect,
  ChannelEffects,
  DigitReading,
  GateSettings,
  Inspection,
  LoadInfo,
  LoadPhase,
  LoadProgress,
  LoadTimings,
  ModelInput,
  ModelManifest,
  ModelProbe,
  ModelSource,
  Normalization,
  Preprocessing,
  Prediction,
  ReadDigit,
  TopClass,
} from '../contract/types.js';
