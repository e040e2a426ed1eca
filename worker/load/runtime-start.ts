// Starting onnxruntime-web can hang: its WASM threads start from the worker's own file, and
// if that file does not load in a thread (a 404, a wrong MIME type, a blocked request, a
// server that answers once only), the runtime waits for the thread forever: the thread's
// error event fires before Emscripten listens for it. Here a start never hangs: while it
// runs, the Worker constructor of this worker's scope is wrapped so that a thread (a worker
// the runtime names "em-pthread...") that fails is seen at once, and a start that stays
// silent ends at the time limit. Either is a BackendError that says what failed and the fix.
// The wrapper also starts each thread as the same kind of worker as this one: the runtime
// asks for a module worker, but a bundler may have built this file as a classic script
// (webpack's workers load their chunks with importScripts, which module workers lack).
// And while it runs, the runtime's instantiation of its .wasm takes the module compiled from
// the same verified bytes while they were hashed (ort-runtime.ts), instead of compiling again.
import { BackendError, SeEdgeError } from '../../contract/errors.js';
import { describeError } from '../describe-error.js';
import { configureOrt, wholeBuffer, type Ort } from './ort-runtime.js';

export interface RuntimeStart {
  ort: Ort;
  /** The verified .wasm bytes. */
  binary: Uint8Array;
  /** The module compiled from them, when they compiled. */
  module?: WebAssembly.Module;
  numThreads: number;
  /** Bound of the start, in ms. */
  limitMs: number;
  /** This worker's global scope: its Worker constructor starts the runtime's threads. */
  scope: { Worker: typeof Worker; location: { href: string }; importScripts: (...urls: string[]) => void };
}

/** Runs `use` (the runtime's first session, which starts it) on the configured runtime, bounded. */
export async function startRuntime<T>(start: RuntimeStart, use: (ort: Ort) => Promise<T>): Promise<T> {
  configureOrt(start.ort, start.binary, start.numThreads);
  const restore = start.module ? instantiateFrom(start.module, start.binary) : undefined;
  try {
    return await bounded(use(start.ort), start);
  } catch (error) {
    if (error instanceof SeEdgeError) throw error;
    throw new BackendError(`onnxruntime-web did not start: ${describeError(error)}`, { cause: error });
  } finally {
    restore?.();
  }
}

/**
 * Until the returned function is called, WebAssembly.instantiate of `binary` (as the runtime
 * calls it with env.wasm.wasmBinary: a view of the same buffer) instantiates `module`, the
 * same bytes compiled already. Anything else is instantiated as usual.
 */
function instantiateFrom(module: WebAssembly.Module, binary: Uint8Array): () => void {
  const buffer = wholeBuffer(binary);
  const wasm = WebAssembly;
  const native = wasm.instantiate;
  const isBinary = (source: unknown) => buffer !== undefined && (source === buffer || (ArrayBuffer.isView(source) && source.buffer === buffer && source.byteLength === buffer.byteLength));
  wasm.instantiate = function (source: unknown, imports?: WebAssembly.Imports) {
    if (isBinary(source)) return native.call(wasm, module, imports).then((instance) => ({ instance, module }));
    return (native as (...args: unknown[]) => Promise<unknown>).apply(wasm, [source, imports]);
  } as typeof native;
  return () => {
    wasm.instantiate = native;
  };
}

/**
 * Whether this worker runs as a module: importScripts() throws a TypeError in a module worker.
 * It is given a URL that does not parse, so that a classic worker loads nothing (it throws a
 * SyntaxError instead). Called with no URL, Firefox's module workers do not throw, and the
 * threads started as classic scripts could not load this module file.
 */
function isModuleWorker(scope: RuntimeStart['scope']): boolean {
  try {
    scope.importScripts('http://[');
  } catch (error) {
    return (error as Error).name === 'TypeError';
  }
  return false;
}

/** `work`, unless a thread fails to load first or the limit passes. */
function bounded<T>(work: Promise<T>, { limitMs, numThreads, scope }: RuntimeStart): Promise<T> {
  const file = scope.location.href;
  const fix = `Serve ${file} to every request (each thread loads it again), or pass numThreads: 1`;
  return new Promise<T>((resolve, reject) => {
    const Native = scope.Worker;
    const type = isModuleWorker(scope) ? 'module' : 'classic';
    const failed = (why: string) => done(() => reject(new BackendError(why)));
    scope.Worker = class extends Native {
      constructor(url: string | URL, options?: WorkerOptions) {
        const thread = options?.name?.startsWith('em-pthread');
        super(url, thread ? { ...options, type } : options);
        if (!thread) return;
        this.addEventListener('error', (event) => {
          event.preventDefault(); // handled here: not a crash of this worker
          const detail = (event as Partial<ErrorEvent>).message;
          failed(`onnxruntime-web's ${numThreads} WASM threads could not start: a thread could not load ${String(url)}${detail ? ` (${detail})` : ''}. ${fix}`);
        });
      }
    };
    const timer = setTimeout(() => {
      failed(`onnxruntime-web did not start within ${limitMs} ms${numThreads > 1 ? ` (its ${numThreads} WASM threads start from ${file}). ${fix}` : ''}`);
    }, limitMs);
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
