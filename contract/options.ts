// The options of createClassifier that are plain data, documented once. The main thread
// resolves the two URLs against the page and sends the rest to the worker as they are
// (LoadRequest); the worker checks each value and fills in the defaults.
import type { BackendRequest } from './types.js';

/** The options of {@link createClassifier} that describe what to load and how; every one is optional. */
export interface ModelOptions {
  /**
   * URL of a model manifest (JSON). Relative URLs resolve against the page.
   * Default: the bundled SE-LeNet MNIST model, shipped beside the SDK.
   */
  model?: string | URL;
  /**
   * 'auto' (default): WASM, unless one run of the model is large enough for a GPU to win
   * (the manifest's `model.macs` times `expectedBatch`: at least 20 G multiply-accumulates)
   * and the browser has a real GPU adapter (a software fallback adapter is slower than WASM).
   * For models as small as the bundled ones a GPU was measured 3 to 38 times slower.
   * 'webgpu': WebGPU on any adapter, WASM if there is none. 'wasm': always WASM. A WebGPU
   * session must pass a self-check against the manifest's reference outputs, or the SDK runs
   * on WASM; `backendReason` says why.
   */
  backend?: BackendRequest;
  /**
   * How many images the app usually classifies in one call (a `classifyBatch` of that many,
   * or that many calls at once): `'auto'` weighs the model's work per run by it. Default: 1.
   */
  expectedBatch?: number;
  /**
   * Where model and runtime bytes are cached: true (default) for the IndexedDB database
   * 'se-edge-cache', `{ name }` for a database of your own, false to cache nothing.
   */
  cache?: boolean | { name: string };
  /**
   * Base URL from which onnxruntime-web's .wasm files are served. Default: the folder the
   * SDK's worker.js is served from (the build puts them there).
   */
  wasmPaths?: string | URL;
  /**
   * WASM threads. Default: 1 unless the page is cross-origin isolated (threads need
   * SharedArrayBuffer), then min(4, hardwareConcurrency); in WebKit, which reports a bucket
   * (4 below 8 cores, else 8) rather than the cores, half of that: 2 or 4.
   */
  numThreads?: number;
  /**
   * Time limit for each network request while loading, and for the runtime's start, in ms.
   * Default: 30000. An IndexedDB operation waits at most 10 s, or this if shorter: past that
   * the load goes on without the cache, with a warning.
   */
  loadTimeoutMs?: number;
  /** Most inputs joined into one inference call. Default: 256. */
  maxBatch?: number;
}

/**
 * What travels to the worker at load: the data options, with the URLs resolved against the
 * page (the worker's own base URL differs). Values are as the app gave them: the worker
 * checks them, since an app in plain JavaScript can pass anything.
 */
export interface LoadRequest extends Omit<ModelOptions, 'model' | 'wasmPaths'> {
  /** Absent for the bundled model, which the worker locates itself. */
  manifestUrl?: string;
  wasmPaths?: string;
  /**
   * Whether the page can start the other worker file (the SDK's own workers, not an app's):
   * then dist/worker.js answers a load that needs WebGPU with a WorkerSwitch.
   */
  workerSwitch?: boolean;
}
