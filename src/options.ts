// createClassifier's options: the data options (documented in the contract, checked in the
// worker) plus the three that stay on the main thread: functions and signals cannot travel.
import type { LoadRequest, ModelOptions } from '../contract/options.js';
import { OptionError } from '../contract/errors.js';
import type { LoadProgress } from '../contract/types.js';

/** Options of {@link createClassifier}. Every one is optional. */
export interface ClassifierOptions extends ModelOptions {
  /**
   * Escape hatch for unusual setups: a Worker running se-edge's worker.js, or a function
   * that creates one. Default: `new Worker(new URL('./worker.js', import.meta.url), { type: 'module' })`.
   */
  worker?: Worker | (() => Worker);
  /** Called as loading advances: manifest, download or cache, compile, ready. */
  onProgress?: (event: LoadProgress) => void;
  /** Aborting it cancels loading: createClassifier rejects with an AbortError, the worker stops. */
  signal?: AbortSignal;
}

/** The load request for the worker: URLs resolved against the page, the rest as given. */
export function toLoadRequest(options: ClassifierOptions): LoadRequest {
  const { model, wasmPaths, worker, onProgress, signal, ...data } = options;
  return { ...data, manifestUrl: model && absolute(model, 'model'), wasmPaths: wasmPaths && absolute(wasmPaths, 'wasmPaths') };
}

/** Resolves against the page, since the worker's own base URL differs. */
function absolute(url: string | URL, name: string): string {
  try {
    return new URL(url, globalThis.location?.href).href;
  } catch (cause) {
    throw new OptionError(`${name} is not a valid URL: ${String(url)}`, { cause });
  }
}
