// The one contract between the main thread and the worker: the worker's API as Comlink
// exposes it, and the messages it takes and returns. Types only. The worker's API object
// `satisfies WorkerApi`; the main thread holds a `Comlink.Remote<WorkerApi>`. Neither side
// imports the other, and they cannot drift apart.
import type { SerializedError } from './errors.js';
import type { LoadRequest } from './options.js';
import type { BackendName, LoadProgress, LoadTimings, ModelManifest, ModelSource, Prediction } from './types.js';

export interface WorkerApi {
  /**
   * Loads the model (cache or network), picks the backend, creates and warms the session.
   * `onProgress` arrives as a Comlink proxy: its calls are messages back to the page.
   */
  load(request: LoadRequest, onProgress?: (event: LoadProgress) => unknown): Promise<LoadResult | WorkerSwitch>;
  /** Runs one batch. The request's tensor and bitmaps are transferred, as are the results. */
  run(request: RunRequest): Promise<RunResult>;
  /** The input tensor the model sees for one image (the manifest's preprocessing). Transferred. */
  preprocess(source: ImageBitmap | Blob): Promise<Float32Array>;
  /** Deletes the SDK's cache databases; resolves with their names. Needs no load. */
  clearCache(): Promise<string[]>;
  /** Releases the session. */
  dispose(): Promise<void>;
}

/**
 * What the main thread learns once the model is loaded. Its fields but maxBatch are the
 * Classifier's public fields of the same names.
 */
export interface LoadResult {
  /** The model's manifest. */
  model: ModelManifest;
  /** Values in one input (channels x height x width of the manifest's input shape). */
  inputLength: number;
  backend: BackendName;
  backendReason: string;
  modelSource: ModelSource;
  runtimeSource: ModelSource;
  /** WASM threads the runtime runs with (1 when threads were not available or could not start). */
  threads: number;
  warnings: string[];
  loadMs: number;
  loadTimings: LoadTimings;
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

/** An image still to be decoded and preprocessed in the worker, and the batch slot it fills. */
export interface ImageItem {
  slot: number;
  source: ImageBitmap | Blob;
}

export interface RunRequest {
  /** count x inputLength floats; the slots of image items are filled in the worker. */
  tensor: Float32Array;
  images: ImageItem[];
  /** Per slot: how many top classes the call asked for (checked in the worker). */
  topK: number[];
}

/** A prediction as the worker builds it; the main thread adds the timings it measures. */
export type PredictionCore = Omit<Prediction, 'timings'>;

/** One slot of a batch: its prediction, or the error of its input alone. */
export type SlotResult = { prediction: PredictionCore } | { error: SerializedError };

export interface RunResult {
  /**
   * Per slot, in order. The predictions' arrays are views into one probabilities buffer
   * and one buffer per attention block, all transferred.
   */
  slots: SlotResult[];
  inferMs: number;
  backend: BackendName;
  backendReason: string;
}
