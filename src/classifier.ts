// The main-thread classifier: starts the worker, loads the model there, and turns classify()
// calls into batched, transferred messages. It never touches onnxruntime-web itself.
import * as Comlink from 'comlink';
import type { ImageItem, LoadResult, RunRequest, RunResult, WorkerApi } from '../worker/api.js';
import { registerErrorTransfer } from './comlink-errors.js';
import { AbortError, DisposedError, deserializeError, OptionError, WorkerError } from './errors.js';
import { INPUT_LENGTH, toWorkerInput, type ClassifierInput, type WorkerInput } from './input.js';
import { MicroBatcher } from './micro-batcher.js';
import { resolveOptions, type ClassifierOptions } from './options.js';
import type { BackendName, ModelManifest, ModelSource, Prediction } from './types.js';

/** Options of one classify / classifyBatch call. */
export interface ClassifyOptions {
  /** How many of the most probable classes `Prediction.top` lists. Default 3. */
  topK?: number;
  /** Aborting rejects the call with an AbortError; the classifier stays usable. */
  signal?: AbortSignal;
}

interface Call {
  input: WorkerInput;
  /** Names the input in error messages: 'input' or 'inputs[i]'. */
  where: string;
  topK: number;
  started: number;
  resolve: (prediction: Prediction) => void;
  reject: (error: unknown) => void;
  settled: boolean;
  /** True once the input has left for the worker (an ImageBitmap of ours is transferred). */
  sent?: boolean;
  cleanup?: () => void;
}

const DEFAULT_MODEL = new URL('./models/se-lenet-mnist.manifest.json', import.meta.url);

/**
 * Creates a classifier: starts its worker, loads the model (from the cache when it can)
 * and resolves once the first prediction can run.
 * @throws ModelLoadError, IntegrityError, BackendError, WorkerError or OptionError.
 */
export async function createClassifier(options: ClassifierOptions = {}): Promise<Classifier> {
  const resolved = resolveOptions(options, DEFAULT_MODEL);
  registerErrorTransfer();
  const worker = startWorker(options.worker);
  const remote = Comlink.wrap<WorkerApi>(worker);
  const crashed = workerFailure(worker);
  try {
    const onProgress = options.onProgress ? Comlink.proxy(options.onProgress) : undefined;
    const loaded = await Promise.race([remote.load(resolved, onProgress), crashed]);
    return new Classifier(worker, remote, loaded, crashed);
  } catch (error) {
    remote[Comlink.releaseProxy]();
    worker.terminate();
    throw error;
  }
}

/** A loaded model in its worker. Create one with {@link createClassifier}. */
export class Classifier {
  /** The model manifest: labels, attention blocks, version, sha256. */
  readonly model: ModelManifest;
  /** Where the model bytes came from on this load. */
  readonly modelSource: ModelSource;
  /** Where the onnxruntime-web .wasm came from on this load. */
  readonly runtimeSource: ModelSource;
  /** Time from starting the load in the worker to ready, in ms. */
  readonly loadMs: number;
  /** Things that degraded without failing (e.g. IndexedDB unavailable). */
  readonly warnings: readonly string[];
  // Private state uses # fields: the minifier can shorten their names (the bundle has a budget).
  #currentBackend: BackendName;
  #currentReason: string;
  readonly #batcher: MicroBatcher<Call>;
  readonly #inFlight = new Set<Call>();
  #disposed = false;
  readonly #worker: Worker;
  readonly #remote: Comlink.Remote<WorkerApi>;
  readonly #crashed: Promise<never>;

  /** @internal Use createClassifier. */
  constructor(
    worker: Worker,
    remote: Comlink.Remote<WorkerApi>,
    loaded: LoadResult,
    crashed: Promise<never>,
  ) {
    this.#worker = worker;
    this.#remote = remote;
    this.#crashed = crashed;
    ({
      manifest: this.model,
      modelSource: this.modelSource,
      runtimeSource: this.runtimeSource,
      loadMs: this.loadMs,
      warnings: this.warnings,
      backend: this.#currentBackend,
      backendReason: this.#currentReason,
    } = loaded);
    this.#batcher = new MicroBatcher((batch) => this.#runBatch(batch), loaded.maxBatch);
    crashed.catch((error: unknown) => this.#failAll(error));
  }

  /** The backend that actually runs: 'webgpu' or 'wasm'. */
  get backend(): BackendName {
    return this.#currentBackend;
  }

  /** Why that backend runs, e.g. 'requested' or 'fallback adapter (...)'. */
  get backendReason(): string {
    return this.#currentReason;
  }

  /**
   * Classifies one input: 784 floats (28x28, white on black, in [0, 1]) or an image of any
   * size and colours, which the worker preprocesses the way MNIST digits were made.
   * Calls made in the same tick run together in one batch.
   * @throws InputError for input the model cannot take, AbortError, DisposedError, WorkerError.
   */
  async classify(input: ClassifierInput, options: ClassifyOptions = {}): Promise<Prediction> {
    return this.#enqueue(input, options, 'input');
  }

  /**
   * Classifies several inputs; resolves with one Prediction each, in order. Rejects with the
   * first failure (an InputError names the failing index).
   */
  async classifyBatch(inputs: readonly ClassifierInput[], options: ClassifyOptions = {}): Promise<Prediction[]> {
    if (!Array.isArray(inputs)) throw new OptionError('classifyBatch takes an array of inputs');
    return Promise.all(inputs.map((input, i) => this.#enqueue(input, options, `inputs[${i}]`)));
  }

  /**
   * The 784 floats the model sees for an image, after MNIST-style preprocessing (grayscale,
   * dark-on-light inverted, cropped, fitted to 20x20, centred by mass in 28x28): show it to
   * let users see what the model saw.
   */
  async preprocess(input: Exclude<ClassifierInput, Float32Array>): Promise<Float32Array> {
    this.#checkOpen();
    // A Float32Array arrives in the worker without a `source` and is refused there.
    const { source, transfer } = (await toWorkerInput(input)) as Extract<WorkerInput, { kind: 'image' }>;
    return this.#remote.preprocess(transfer ? Comlink.transfer(source, [source as ImageBitmap]) : source);
  }

  /** Stops the worker. Pending calls reject with DisposedError. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#failAll(new DisposedError());
    try {
      await Promise.race([this.#remote.dispose(), new Promise((done) => setTimeout(done, 1000)), this.#crashed]);
    } catch {
      // The worker is terminated below either way.
    }
    this.#remote[Comlink.releaseProxy]();
    this.#worker.terminate();
  }

  async #enqueue(input: ClassifierInput, options: ClassifyOptions, where: string): Promise<Prediction> {
    this.#checkOpen();
    const started = performance.now();
    const { signal } = options;
    const topK = options.topK ?? 3;
    if (!Number.isInteger(topK) || topK < 1 || topK > this.model.labels.length) {
      throw new OptionError(`topK must be an integer from 1 to ${this.model.labels.length}; got ${topK}`);
    }
    if (signal?.aborted) throw abortError(signal);
    const prepared = await toWorkerInput(input, where);
    this.#checkOpen();
    if (signal?.aborted) throw abortError(signal);
    return new Promise<Prediction>((resolve, reject) => {
      const call: Call = { input: prepared, where, topK, started, resolve, reject, settled: false };
      if (signal) {
        const onAbort = () => {
          this.#batcher.remove(call);
          this.#settle(call, abortError(signal));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        call.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.#batcher.push(call);
    });
  }

  async #runBatch(calls: Call[]): Promise<void> {
    const live = calls.filter((call) => !call.settled);
    if (live.length === 0) return;
    const count = live.length;
    const tensor = new Float32Array(count * INPUT_LENGTH);
    const images: ImageItem[] = [];
    const transfers: Transferable[] = [tensor.buffer];
    live.forEach((call, slot) => {
      const { input } = call;
      if (input.kind === 'tensor') tensor.set(input.values, slot * INPUT_LENGTH);
      else {
        images.push({ slot, source: input.source });
        if (input.transfer) transfers.push(input.source as ImageBitmap);
      }
      call.sent = true;
      this.#inFlight.add(call);
    });
    const sent = performance.now();
    const request: RunRequest = { count, tensor, images };
    let result: RunResult;
    try {
      result = await Promise.race([this.#remote.run(Comlink.transfer(request, transfers)), this.#crashed]);
    } catch (error) {
      for (const call of live) this.#settle(call, error);
      return;
    }
    this.#currentBackend = result.backend;
    this.#currentReason = result.backendReason;
    const failed = new Map(result.errors.map(({ slot, error }) => [slot, error]));
    live.forEach((call, slot) => {
      const error = failed.get(slot);
      if (error) this.#settle(call, deserializeError({ ...error, message: `${call.where}: ${error.message}` }));
      else this.#settle(call, undefined, this.#prediction(result, slot, call, sent));
    });
  }

  #prediction(result: RunResult, slot: number, call: Call, sent: number): Prediction {
    const { labels, attention: blocks } = this.model;
    const classes = labels.length;
    const probabilities = result.probabilities.subarray(slot * classes, (slot + 1) * classes);
    const order = Array.from(probabilities.keys()).sort((a, b) => probabilities[b]! - probabilities[a]!);
    const attention: Record<string, Float32Array> = {};
    for (const { name, channels } of blocks) {
      attention[name] = result.attention[name]!.subarray(slot * channels, (slot + 1) * channels);
    }
    const index = order[0]!;
    return {
      index,
      label: labels[index]!,
      probabilities,
      top: order.slice(0, call.topK).map((i) => ({ index: i, label: labels[i]!, probability: probabilities[i]! })),
      attention,
      timings: { queueMs: sent - call.started, inferMs: result.inferMs, totalMs: performance.now() - call.started },
    };
  }

  #settle(call: Call, error: unknown, prediction?: Prediction): void {
    if (call.settled) return;
    call.settled = true;
    call.cleanup?.();
    // A bitmap we made and never sent is ours to free (a sent one was transferred).
    if (!call.sent && call.input.kind === 'image' && call.input.transfer) (call.input.source as ImageBitmap).close();
    this.#inFlight.delete(call);
    if (prediction) call.resolve(prediction);
    else call.reject(error);
  }

  #failAll(error: unknown): void {
    for (const call of [...this.#batcher.drain(), ...this.#inFlight]) this.#settle(call, error);
  }

  #checkOpen(): void {
    if (this.#disposed) throw new DisposedError();
  }
}

function startWorker(option: ClassifierOptions['worker']): Worker {
  if (option === undefined) {
    return new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'se-edge' });
  }
  const worker = typeof option === 'function' ? option() : option;
  if (!(worker instanceof Worker)) {
    throw new OptionError('worker must be a Worker or a function returning one');
  }
  return worker;
}

/** Rejects when the worker reports an uncaught error (it failed to start or crashed). */
function workerFailure(worker: Worker): Promise<never> {
  const failure = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      reject(new WorkerError(`The worker failed: ${event.message || 'could not start it (is worker.js served?)'}`));
    });
  });
  failure.catch(() => undefined); // observed by whoever races it
  return failure;
}

function abortError(signal: AbortSignal): AbortError {
  return new AbortError(undefined, { cause: signal.reason });
}
