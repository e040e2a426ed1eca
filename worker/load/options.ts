// Checks and completes createClassifier's options in the worker, so that the main-thread
// bundle stays small: an invalid option rejects createClassifier with an OptionError.
import { OptionError } from '../../contract/errors.js';
import type { LoadRequest } from '../../contract/options.js';
import type { BackendRequest } from '../../contract/types.js';
import { DEFAULT_CACHE_NAME } from './file-cache.js';

/** The load request, checked and completed with the defaults. */
export interface LoadOptions {
  /** The manifest to load; undefined for the bundled model. */
  manifestUrl?: string;
  backend: BackendRequest;
  /** Images per run the app expects: what 'auto' weighs the model's work by. */
  expectedBatch: number;
  /** IndexedDB database name, or false for no caching. */
  cacheName: string | false;
  wasmPaths?: string;
  numThreads: number;
  loadTimeoutMs: number;
  maxBatch: number;
  /** Whether to answer with a WorkerSwitch when this worker's runtime cannot run the backend. */
  canSwitchWorker: boolean;
}

export function checkLoadOptions(options: LoadRequest): LoadOptions {
  // Typed, but sent by an app that may be plain JavaScript: every value is checked.
  const { backend = 'auto', cache = true } = options;
  if (backend !== 'auto' && backend !== 'webgpu' && backend !== 'wasm') {
    throw new OptionError(`backend must be 'auto', 'webgpu' or 'wasm'; got ${JSON.stringify(backend)}`);
  }
  let cacheName: string | false;
  if (cache === true) cacheName = DEFAULT_CACHE_NAME;
  else if (cache === false) cacheName = false;
  else if (typeof cache === 'object' && cache !== null && typeof cache.name === 'string' && cache.name) {
    // Namespaced, so that clearCache() finds every SDK store and nothing of the app's.
    cacheName = `${DEFAULT_CACHE_NAME}:${cache.name}`;
  } else throw new OptionError('cache must be true, false or { name: string } with a non-empty name');
  return {
    manifestUrl: options.manifestUrl,
    backend,
    expectedBatch: positiveInteger('expectedBatch', options.expectedBatch, 1),
    cacheName,
    // A folder: without the trailing slash, new URL(file, base) would replace its last segment.
    wasmPaths: options.wasmPaths?.replace(/\/?$/, '/'),
    numThreads: positiveInteger('numThreads', options.numThreads, defaultThreads()),
    loadTimeoutMs: positiveNumber('loadTimeoutMs', options.loadTimeoutMs, 30_000),
    maxBatch: positiveInteger('maxBatch', options.maxBatch, 256),
    canSwitchWorker: options.workerSwitch === true,
  };
}

/**
 * Threads need SharedArrayBuffer, so cross-origin isolation (the engine checks the rest:
 * capabilities.ts); beyond 4 this model gains nothing. WebKit does not report the real core
 * count but a bucket (4 below 8 cores, 8 from there: a fingerprinting defence), and each WASM
 * thread adds 150-450 ms to its start, so there the default is half of what it reports, as
 * onnxruntime-web's own default is: on a 2-core machine 2 threads load in 2.6 s against 3.9 s
 * for 4 and burst 1.7x faster (docs/benchmarks.md#in-each-browser-engine).
 */
function defaultThreads(): number {
  if (!globalThis.crossOriginIsolated) return 1;
  const reported = globalThis.navigator?.hardwareConcurrency ?? 1;
  const cores = reportsCoreBucket() ? Math.ceil(reported / 2) : reported;
  return Math.max(1, Math.min(4, cores));
}

/**
 * WebKit, whatever the browser around it: Safari, and on iOS every browser (CriOS, FxiOS).
 * Chromium's user agent names AppleWebKit too, but with "Chrome/"; Firefox's does not.
 */
function reportsCoreBucket(): boolean {
  const agent = globalThis.navigator?.userAgent ?? '';
  return /AppleWebKit\//.test(agent) && !/(Chrome|Chromium|Edg)\//.test(agent);
}

function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < 1) throw new OptionError(`${name} must be a positive integer; got ${String(value)}`);
  return value as number;
}

function positiveNumber(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0)) throw new OptionError(`${name} must be a positive number; got ${String(value)}`);
  return value;
}
