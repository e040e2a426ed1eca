// createClassifier's options: their documentation, defaults and checks.
import { OptionError } from './errors.js';
import type { BackendRequest, LoadProgress } from './types.js';

/** Options of {@link createClassifier}. Every one is optional. */
export interface ClassifierOptions {
  /**
   * URL of a model manifest (JSON). Relative URLs resolve against the page.
   * Default: the bundled SE-LeNet MNIST model, shipped beside the SDK.
   */
  model?: string | URL;
  /**
   * 'auto' (default): WebGPU on a real GPU adapter, else WASM (a software fallback adapter
   * is slower than WASM). 'webgpu': WebGPU on any adapter, WASM if there is none.
   * 'wasm': always WASM. A WebGPU session must pass a self-check against the manifest's
   * reference outputs, or the SDK runs on WASM; `backendReason` says why.
   */
  backend?: BackendRequest;
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
   * SharedArrayBuffer), then min(4, hardwareConcurrency).
   */
  numThreads?: number;
  /**
   * Escape hatch for unusual setups: a Worker running se-edge's worker.js, or a function
   * that creates one. Default: `new Worker(new URL('./worker.js', import.meta.url), { type: 'module' })`.
   */
  worker?: Worker | (() => Worker);
  /** Called as loading advances: manifest, download or cache, compile, ready. */
  onProgress?: (event: LoadProgress) => void;
  /** Time limit for each network request while loading, in ms. Default: 30000. */
  loadTimeoutMs?: number;
  /** Most inputs joined into one inference call. Default: 256. */
  maxBatch?: number;
  /** Aborting it cancels loading: createClassifier rejects with an AbortError, the worker stops. */
  signal?: AbortSignal;
}

export const DEFAULT_CACHE_NAME = 'se-edge-cache';

/** What travels to the worker: URLs resolved against the page, the rest as given (the worker checks it). */
export interface ResolvedOptions {
  /** Absent for the bundled model, which the worker locates itself. */
  manifestUrl?: string;
  backend: unknown;
  cache: unknown;
  wasmPaths?: string;
  numThreads?: unknown;
  loadTimeoutMs?: unknown;
  maxBatch?: unknown;
}

export function resolveOptions(options: ClassifierOptions): ResolvedOptions {
  // Functions and signals stay here; the rest is plain data the worker checks.
  const { model, wasmPaths, worker, onProgress, signal, backend = 'auto', cache = true, ...rest } = options;
  return {
    ...rest,
    manifestUrl: model && absolute(model, 'model'),
    wasmPaths: wasmPaths && absolute(wasmPaths, 'wasmPaths'),
    backend,
    cache,
  };
}

/** Resolves against the page, since the worker's own base URL differs. */
function absolute(url: string | URL, name: string): string {
  try {
    return new URL(url, globalThis.location?.href).href;
  } catch (cause) {
    throw new OptionError(`${name} is not a valid URL: ${String(url)}`, { cause });
  }
}
