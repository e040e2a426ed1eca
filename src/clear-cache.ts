import { defaultWorker, wrap } from './worker-link.js';

/**
 * Deletes every IndexedDB database the SDK made on this origin (`se-edge-cache` and
 * `se-edge-cache:<name>`), and nothing else of the app's. Resolves with their names.
 * Live classifiers let go of their connection and load from the network afterwards.
 * It runs in a short-lived worker, where the cache code already is.
 */
export async function clearCache(): Promise<string[]> {
  const worker = defaultWorker();
  try {
    return await wrap(worker).clearCache();
  } finally {
    worker.terminate();
  }
}
