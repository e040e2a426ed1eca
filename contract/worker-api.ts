// The one contract between the main thread and the worker: the worker's API as Comlink
// exposes it, and the messages it takes and returns. Types only. The worker's API object
// `satisfies WorkerApi`; the main thread holds a `Comlink.Remote<WorkerApi>`. Neither side
// imports the other, and they cannot drift apart.
import type { SerializedError } from './errors.js';
import type { LoadRequest } from './options.js';
import type { BackendName, BlockInspection, Box, ChannelEffect, DigitReading, GateSettings, LoadInfo, LoadProgress, Prediction } from './types.js';

export interface WorkerApi {
  /**
   * Loads the model (cache or network), picks the backend, creates and warms the session.
   * `onProgress` arrives as a Comlink proxy: its calls are messages back to the page.
   */
  load(request: LoadRequest, onProgress?: (event: LoadProgress) => unknown): Promise<Loaded | WorkerSwitch>;
  /** Runs one batch. The request's tensor and bitmaps are transferred, as are the results. */
  run(request: RunRequest): Promise<RunResult>;
  /** The input tensor the model sees for one image (the manifest's preprocessing). Transferred. */
  preprocess(source: ImageBitmap | Blob): Promise<Float32Array>;
  /** Deletes the SDK's cache databases; resolves with their names. Needs no load. */
  clearCache(): Promise<string[]>;
  /** Releases the session and closes the cache, ending its transactions (also of a load under way). */
  dispose(): Promise<void>;
}

/** The worker's answer to a load: what the Classifier exposes, and the bound of its batches. */
export interface Loaded {
  info: LoadInfo;
  /** The checked batch bound, for the main thread's batcher. */
  maxBatch: number;
}

/**
 * The answer of dist/worker.js (onnxruntime-web's CPU-only build) when the backend to run is
 * WebGPU and the page may switch (`LoadRequest.workerSwitch`): load again in dist/worker-webgpu.js.
 */
export interface WorkerSwitch {
  switchTo: BackendName;
}

/**
 * One call of a batch, tagged by what it asks for (as onnxruntime-web's proxy-messages.ts
 * tags its messages). The worker answers each with one SlotResult, in the same order.
 */
export type SlotRequest = ValuesSlot | ImageSlot | ReadSlot | InspectSlot | EffectsSlot;

/** classify(Float32Array): the values are this slot's row of `RunRequest.tensor`. */
export interface ValuesSlot {
  kind: 'values';
  /** How many top classes the call asked for (checked in the worker). */
  topK: number;
}

/** classify(image): decoded and preprocessed in the worker into this slot's row of the tensor. */
export interface ImageSlot {
  kind: 'image';
  topK: number;
  source: ImageBitmap | Blob;
}

/**
 * readDigits(image), with its options as the app gave them (checked in the worker): the image
 * is read as a line of digits, which all join the batch. A Float32Array source (plain
 * JavaScript can pass one) is refused there: readDigits reads images.
 */
export interface ReadSlot extends ReadRequest {
  kind: 'read';
  topK: number;
  source: ImageBitmap | Blob | Float32Array;
}

/**
 * inspect(input, { gates }): run alone through the model's inspection graph. The source is the
 * image, or the app's values (checked in the worker).
 */
export interface InspectSlot {
  kind: 'inspect';
  topK: number;
  source: ImageBitmap | Blob | Float32Array;
  gates?: GateSettings;
}

/** channelEffects(input, { blocks }): every channel of the blocks switched off in turn, in one run. */
export interface EffectsSlot {
  kind: 'effects';
  topK: number;
  source: ImageBitmap | Blob | Float32Array;
  blocks?: string[];
}

export interface RunRequest {
  /** One row of `inputLength` floats per slot: the app's values, or filled in the worker. */
  tensor: Float32Array;
  slots: SlotRequest[];
}

/** What a readDigits call asks for, as the app gave it. */
export interface ReadRequest {
  maxDigits?: number;
  minProbability?: number;
}

/** A prediction as the worker builds it, before its timings. */
export type PredictionCore = Omit<Prediction, 'timings'>;

/**
 * The timings the worker measures; the main thread adds its own (queueMs, totalMs) to the
 * same object.
 */
export type WorkerTimings = Pick<Prediction['timings'], 'inferMs'>;

/**
 * A reading as the worker builds it. Its `timings` object is shared by each of its digits'
 * predictions (one object in the message), so the main thread completes them all at once.
 */
export interface ReadingCore extends Omit<DigitReading, 'digits' | 'timings'> {
  digits: { box: Box; prediction: PredictionCore & { timings: ReadingCore['timings'] } }[];
  timings: Pick<DigitReading['timings'], 'prepareMs' | 'inferMs'>;
}

/**
 * One slot of a batch: its prediction (a classify call) or reading (readDigits), or the
 * error of its input alone.
 */
export type SlotResult = { result: (PredictionCore & { timings: WorkerTimings }) | ReadingCore | InspectionCore | ChannelEffectsCore } | { error: SerializedError };

/**
 * An Inspection as the worker builds it (its arrays transferred with it). Its `timings` is
 * also its prediction's: the main thread completes both at once.
 */
export interface InspectionCore {
  prediction: PredictionCore & { timings: WorkerTimings };
  logits: Float32Array;
  blocks: BlockInspection[];
  backend: BackendName;
  timings: WorkerTimings;
}

/** ChannelEffects as the worker builds it; `timings` as in InspectionCore. */
export interface ChannelEffectsCore {
  prediction: PredictionCore & { timings: WorkerTimings };
  effects: ChannelEffect[];
  backend: BackendName;
  timings: WorkerTimings;
}

export interface RunResult {
  /**
   * Per slot, in order. The predictions' arrays are views into one probabilities buffer
   * and one buffer per attention block, all transferred.
   */
  slots: SlotResult[];
  backend: BackendName;
  backendReason: string;
}
