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
}

export const DEFAULT_CACHE_NAME = 'se-edge-cache';

export interface ResolvedOptions {
  manifestUrl: string;
  backend: BackendRequest;
  cacheName: string | false;
  wasmPaths?: string;
  numThreads: number;
  loadTimeoutMs: number;
  maxBatch: number;
}

export function resolveOptions(options: ClassifierOptions, defaultModel: URL): ResolvedOptions {
  const { backend = 'auto', cache = true } = options;
  if (!['auto', 'webgpu', 'wasm'].includes(backend)) {
    throw new OptionError(`backend must be 'auto', 'webgpu' or 'wasm'; got ${JSON.stringify(backend)}`);
  }
  let cacheName: string | false;
  if (cache === true) cacheName = DEFAULT_CACHE_NAME;
  else if (cache === false) cacheName = false;
  else if (typeof cache === 'object' && cache !== null && typeof cache.name === 'string' && cache.name) cacheName = cache.name;
  else throw new OptionError('cache must be true, false or { name: string } with a non-empty name');
  const threads = options.numThreads ?? defaultThreads();
  if (!Number.isInteger(threads) || threads < 1) throw new OptionError(`numThreads must be a positive integer; got ${threads}`);
  const loadTimeoutMs = options.loadTimeoutMs ?? 30_000;
  if (!(loadTimeoutMs > 0)) throw new OptionError(`loadTimeoutMs must be a positive number; got ${loadTimeoutMs}`);
  const maxBatch = options.maxBatch ?? 256;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new OptionError(`maxBatch must be a positive integer; got ${maxBatch}`);
  return {
    manifestUrl: absolute(options.model ?? defaultModel, 'model'),
    backend,
    cacheName,
    wasmPaths: options.wasmPaths === undefined ? undefined : absolute(options.wasmPaths, 'wasmPaths', true),
    numThreads: threads,
    loadTimeoutMs,
    maxBatch,
  };
}

function defaultThreads(): number {
  if (!globalThis.crossOriginIsolated) return 1;
  return Math.max(1, Math.min(4, globalThis.navigator?.hardwareConcurrency ?? 1));
}

/** Resolves against the page, since the worker's own base URL differs. */
function absolute(url: string | URL, name: string, folder = false): string {
  try {
    const href = new URL(url, globalThis.location?.href).href;
    return folder && !href.endsWith('/') ? href + '/' : href;
  } catch (cause) {
    throw new OptionError(`${name} is not a valid URL: ${String(url)}`, { cause });
  }
}
