// The worker's API as Comlink exposes it: a thin adapter over the load pipeline and the
// engine. It satisfies the contract (contract/worker-api.ts), holds the engine of the current
// load, and does what is Comlink's business: transfers, and releasing the progress proxy.
import * as Comlink from 'comlink';
import { BackendError } from '../contract/errors.js';
import type { WorkerApi } from '../contract/worker-api.js';
import { Engine } from './engine.js';
import { deleteSdkDatabases, FileCache } from './load/file-cache.js';
import { checkLoadOptions } from './load/options.js';
import type { BundledRuntime } from './load/ort-runtime.js';
import { loadModel } from './load/pipeline.js';
import { LoadReport } from './load/report.js';
import type { RuntimeStart } from './load/runtime-start.js';

/**
 * The API of one worker. `scope` is the worker's global scope: its one unhandledrejection
 * listener silences what ORT left queued on a lost GPU device, and nothing else; the
 * runtime's start watches the threads it creates with the scope's Worker.
 */
export function createWorkerApi(scope: Pick<EventTarget, 'addEventListener'> & RuntimeStart['scope'], runtime: BundledRuntime): WorkerApi {
  let engine: Engine | null = null;
  const loaded = () => engine ?? Promise.reject(new BackendError('The model is not loaded'));

  scope.addEventListener('unhandledrejection', (event) => {
    const rejection = event as PromiseRejectionEvent;
    if (engine?.isDeviceLossNoise(rejection.reason)) rejection.preventDefault();
  });

  return {
    async load(request, onProgress) {
      const report = new LoadReport((event) => void onProgress?.(event));
      try {
        const options = checkLoadOptions(request);
        const previous = engine;
        engine = null;
        await previous?.dispose();
        const result = await loadModel(runtime, options, scope, report);
        if ('switchTo' in result) return result;
        engine = new Engine(result.loaded);
        // Awaited: progress events travel on their own channel, so without this one the app
        // could see 'ready' (and earlier events) after createClassifier has resolved.
        await onProgress?.({ phase: 'ready', loaded: 1, total: 1 });
        return { info: result.info, maxBatch: options.maxBatch };
      } finally {
        (onProgress as Partial<Comlink.Remote<unknown>> | undefined)?.[Comlink.releaseProxy]?.();
      }
    },

    async run(request) {
      const { result, buffers } = await (await loaded()).run(request);
      return Comlink.transfer(result, buffers);
    },

    async preprocess(source) {
      const input = await (await loaded()).preprocess(source);
      return Comlink.transfer(input, [input.buffer]);
    },

    clearCache: deleteSdkDatabases,

    async dispose() {
      const current = engine;
      engine = null;
      await current?.dispose();
      // Also a load under way (the page cancelled it): its transactions end before the page
      // stops this worker (file-cache.ts: STORAGE_WAIT_MS).
      await FileCache.closeAll();
    },
  } satisfies WorkerApi;
}
