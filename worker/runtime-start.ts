// Starting onnxruntime-web can hang: its WASM threads start from the Emscripten glue's URL,
// and if that file does not load in a thread (a 404, a wrong MIME type, a blocked request,
// a bundler that served another script in its place), the runtime waits for the thread
// forever: the thread's error event fires before Emscripten listens for it. Here a start
// never hangs: while it runs, the Worker constructor of this worker's scope is wrapped so
// that a thread (a worker the runtime names "em-pthread...") that fails is seen at once,
// and a start that stays silent ends at the time limit. A start whose threads failed is
// retried once on one thread, with a fresh instance of the runtime (the failed one cannot
// start again), and the app is told why.
import { BackendError, SeEdgeError } from '../contract/errors.js';
import { describeError } from './describe-error.js';
import { configureOrt, importOrt, RUNTIME_FIX, type Ort, type RuntimeFiles } from './ort-runtime.js';

/** Why a runtime start failed in a way that one thread may avoid. */
class ThreadStartFailure extends Error {}

export interface RuntimeStart {
  files: RuntimeFiles;
  /** The verified .wasm bytes. */
  binary: Uint8Array;
  numThreads: number;
  /** Bound of one start attempt, in ms. */
  limitMs: number;
  /** An import of the runtime's script already under way (it overlaps the downloads). */
  imported?: Promise<Ort>;
  warn: (message: string) => void;
  /** This worker's global scope, whose Worker constructor the runtime uses for its threads. */
  scope: { Worker: typeof Worker };
}

/**
 * Runs `use` (the runtime's first session, which starts it) on a configured runtime, bounded
 * as above. Resolves with what `use` gave and the thread count that runs.
 */
export async function startRuntime<T>(start: RuntimeStart, use: (ort: Ort) => Promise<T>): Promise<{ value: T; ort: Ort; threads: number }> {
  const attempt = async (ort: Ort, threads: number) => {
    configureOrt(ort, start.files, start.binary, threads);
    try {
      return { value: await bounded(use(ort), start, threads), ort, threads };
    } catch (error) {
      if (error instanceof SeEdgeError || (error instanceof ThreadStartFailure && threads > 1)) throw error;
      // Whatever else stopped the runtime (a file that did not load, a failed instantiation).
      throw new BackendError(`onnxruntime-web did not start${threads > 1 ? '' : ' on one thread'}: ${error instanceof ThreadStartFailure ? error.message : describeError(error)}. ${RUNTIME_FIX}`, { cause: error });
    }
  };
  const first = await (start.imported ?? importOrt(start.files));
  try {
    return await attempt(first, start.numThreads);
  } catch (error) {
    if (!(error instanceof ThreadStartFailure)) throw error;
    start.warn(`onnxruntime-web's ${start.numThreads} WASM threads could not start (${error.message}); running on one thread. ${RUNTIME_FIX}`);
    return attempt(await importOrt(start.files, true), 1);
  }
}

/** `work`, unless a thread fails to load first or the limit passes. */
function bounded<T>(work: Promise<T>, { files, limitMs, scope }: RuntimeStart, threads: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const Native = scope.Worker;
    const failed = (why: string) => done(() => reject(new ThreadStartFailure(why)));
    scope.Worker = class extends Native {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (!options?.name?.startsWith('em-pthread')) return;
        this.addEventListener('error', (event) => {
          event.preventDefault(); // handled here: not a crash of this worker
          const detail = (event as Partial<ErrorEvent>).message;
          failed(`a thread could not run ${files.glue}${detail ? ` (${detail})` : ''}`);
        });
      }
    };
    const timer = setTimeout(() => failed(`no answer within ${limitMs} ms${threads > 1 ? ` from its ${threads} threads, started from ${files.glue}` : ''}`), limitMs);
    const done = (settle: () => void) => {
      clearTimeout(timer);
      scope.Worker = Native;
      settle();
    };
    work.then(
      (value) => done(() => resolve(value)),
      (error: unknown) => done(() => reject(error)),
    );
  });
}
