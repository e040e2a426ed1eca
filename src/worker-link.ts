// One running worker with the model loaded in it: its Comlink remote, and a promise that
// rejects when the worker dies. The classifier starts a new link when its worker died.
import * as Comlink from 'comlink';
import { registerErrorTransfer } from '../contract/error-transfer.js';
import { AbortError, OptionError, WorkerError } from '../contract/errors.js';
import type { LoadRequest } from '../contract/options.js';
import type { LoadProgress } from '../contract/types.js';
import type { Loaded, WorkerApi } from '../contract/worker-api.js';
import { noWorker } from './no-worker.js';
import type { ClassifierOptions } from './options.js';

export interface WorkerLink {
  worker: Worker;
  remote: Comlink.Remote<WorkerApi>;
  /** Rejects with a WorkerError when the worker reports an uncaught error (it failed or crashed). */
  died: Promise<never>;
  loaded: Loaded;
}

/**
 * Starts a worker and loads the model in it. The SDK's own worker is dist/worker.js (the
 * CPU-only runtime) unless WebGPU is asked for; when it finds that WebGPU should run, it
 * says so and the model loads in dist/worker-webgpu.js instead.
 */
export async function openLink(
  request: LoadRequest,
  workerOption: ClassifierOptions['worker'],
  onProgress?: (event: LoadProgress) => void,
  signal?: AbortSignal,
  webgpu = request.backend === 'webgpu',
): Promise<WorkerLink> {
  needWorkers();
  const own = workerOption === undefined;
  const worker = own ? defaultWorker(webgpu) : typeof workerOption === 'function' ? workerOption() : workerOption;
  if (!(worker instanceof Worker)) throw new OptionError('worker must be a Worker or return one');
  const remote = wrap(worker);
  const died = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      // A worker whose script did not load says nothing more than that.
      reject(new WorkerError(`The worker failed: ${event.message || `it did not start (is se-edge's worker${webgpu ? '-webgpu' : ''}.js served beside index.js?)`}`));
    });
  });
  died.catch(() => undefined); // observed by whoever races it
  const link = { worker, remote, died } as WorkerLink;
  try {
    const aborted = new Promise<never>((_, reject) => {
      const abort = () => reject(abortError(signal!));
      if (signal?.aborted) abort();
      signal?.addEventListener('abort', abort);
    });
    const loaded = await Promise.race([remote.load({ ...request, workerSwitch: own }, onProgress && Comlink.proxy(onProgress)), died, aborted]);
    if (!('switchTo' in loaded)) return Object.assign(link, { loaded });
    closeLink(link);
    return openLink(request, workerOption, onProgress, signal, true);
  } catch (error) {
    // A cancelled load is still under way in the worker: it ends its cache work first.
    void stopLink(link);
    throw error;
  }
}

/**
 * One of the SDK's two workers, named in the literal pattern bundlers follow. Vite's dev
 * server (before Vite 8) moves this file into node_modules/.vite/deps but not the workers:
 * there, they come from the package's own folder, which the dev server serves.
 */
export function defaultWorker(webgpu?: boolean): Worker {
  needWorkers();
  const moved = /^(.*\/node_modules\/)\.vite\/deps\//.exec(import.meta.url);
  if (moved) return new Worker(`${moved[1]}se-edge/dist/worker${webgpu ? '-webgpu' : ''}.js`, { type: 'module' });
  return webgpu
    ? new Worker(new URL('./worker-webgpu.js', import.meta.url), { type: 'module' })
    : new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
}

/**
 * The SDK works in a Web Worker. Importing it on a server (server rendering, Node) is safe;
 * using it there is a clear UnsupportedError, not a ReferenceError from deep inside.
 */
function needWorkers(): void {
  if (typeof Worker == 'undefined') throw noWorker();
}

/** Comlink's remote of a worker, with the error transfer that keeps the SDK's error classes. */
export function wrap(worker: Worker): Comlink.Remote<WorkerApi> {
  registerErrorTransfer();
  return Comlink.wrap<WorkerApi>(worker);
}

export function abortError(signal: AbortSignal): Error {
  return new AbortError(undefined, { cause: signal.reason });
}

/**
 * Stops a live worker, letting it first release its session and end its cache transactions
 * (a worker stopped in the middle of one can block IndexedDB for the page: WebKit), but never
 * waiting long on a worker that may be stuck.
 */
export async function stopLink(link: WorkerLink): Promise<void> {
  await Promise.race([link.remote.dispose(), new Promise((done) => setTimeout(done, 1000)), link.died]).catch(() => undefined);
  closeLink(link);
}

export function closeLink({ remote, worker }: WorkerLink): void {
  remote[Comlink.releaseProxy]();
  worker.terminate();
}
