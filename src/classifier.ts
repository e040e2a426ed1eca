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
    const loaded = await Promise.race([remote.load(resolved, onProgress), crashed.promise]);
    return new Classifier(worker, remote, loaded, resolved.maxBatch, crashed);
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
  private currentBackend: BackendName;
  private currentReason: string;
  private readonly batcher: MicroBatcher<Call>;
  private readonly inFlight = new Set<Call>();
  private disposed = false;

  /** @internal Use createClassifier. */
  constructor(
    private readonly worker: Worker,
    private readonly remote: Comlink.Remote<WorkerApi>,
    loaded: LoadResult,
    maxBatch: number,
    private readonly crashed: { promise: Promise<never> },
  ) {
    this.model = loaded.manifest;
    this.modelSource = loaded.modelSource;
    this.runtimeSource = loaded.runtimeSource;
    this.loadMs = loaded.loadMs;
    this.warnings = loaded.warnings;
    this.currentBackend = loaded.backend;
    this.currentReason = loaded.backendReason;
    this.batcher = new MicroBatcher((batch) => this.runBatch(batch), maxBatch);
    crashed.promise.catch((error: unknown) => this.failAll(error));
  }

  /** The backend that actually runs: 'webgpu' or 'wasm'. */
  get backend(): BackendName {
    return this.currentBackend;
  }

  /** Why that backend runs, e.g. 'requested' or 'fallback adapter (...)'. */
  get backendReason(): string {
    return this.currentReason;
  }

  /**
   * Classifies one input: 784 floats (28x28, white on black, in [0, 1]) or an image of any
   * size and colours, which the worker preprocesses the way MNIST digits were made.
   * Calls made in the same tick run together in one batch.
   * @throws InputError for input the model cannot take, AbortError, DisposedError, WorkerError.
   */
  async classify(input: ClassifierInput, options: ClassifyOptions = {}): Promise<Prediction> {
    return this.enqueue(input, options, 'input');
  }

  /**
   * Classifies several inputs; resolves with one Prediction each, in order. Rejects with the
   * first failure (an InputError names the failing index).
   */
  async classifyBatch(inputs: readonly ClassifierInput[], options: ClassifyOptions = {}): Promise<Prediction[]> {
    if (!Array.isArray(inputs)) throw new OptionError('classifyBatch expects an array of inputs');
    return Promise.all(inputs.map((input, i) => this.enqueue(input, options, `inputs[${i}]`)));
  }

  /**
   * The 784 floats the model sees for an image, after MNIST-style preprocessing (grayscale,
   * dark-on-light inverted, cropped, fitted to 20x20, centred by mass in 28x28): show it to
   * let users see what the model saw.
   */
  async preprocess(input: Exclude<ClassifierInput, Float32Array>): Promise<Float32Array> {
    this.checkOpen();
    const prepared = await toWorkerInput(input);
    if (prepared.kind !== 'image') return prepared.values.slice();
    const { source, transfer } = prepared;
    return this.remote.preprocess(transfer ? Comlink.transfer(source, [source as ImageBitmap]) : source);
  }

  /** Stops the worker. Pending calls reject with DisposedError. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.failAll(new DisposedError('The classifier was disposed before the call finished'));
    try {
      await Promise.race([this.remote.dispose(), new Promise((done) => setTimeout(done, 1000)), this.crashed.promise]);
    } catch {
      // The worker is terminated below either way.
    }
    this.remote[Comlink.releaseProxy]();
    this.worker.terminate();
  }

  private async enqueue(input: ClassifierInput, options: ClassifyOptions, where: string): Promise<Prediction> {
    this.checkOpen();
    const started = performance.now();
    const { signal } = options;
    const topK = options.topK ?? 3;
    if (!Number.isInteger(topK) || topK < 1 || topK > this.model.labels.length) {
      throw new OptionError(`topK must be an integer from 1 to ${this.model.labels.length}; got ${topK}`);
    }
    if (signal?.aborted) throw abortError(signal);
    const prepared = await toWorkerInput(input, where);
    this.checkOpen();
    if (signal?.aborted) throw abortError(signal);
    return new Promise<Prediction>((resolve, reject) => {
      const call: Call = { input: prepared, topK, started, resolve, reject, settled: false };
      if (signal) {
        const onAbort = () => {
          this.batcher.remove(call);
          this.settle(call, abortError(signal));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        call.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.batcher.push(call);
    });
  }

  private async runBatch(calls: Call[]): Promise<void> {
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
      this.inFlight.add(call);
    });
    const sent = performance.now();
    const request: RunRequest = { count, tensor, images };
    let result: RunResult;
    try {
      result = await Promise.race([this.remote.run(Comlink.transfer(request, transfers)), this.crashed.promise]);
    } catch (error) {
      for (const call of live) this.settle(call, error);
      return;
    }
    this.currentBackend = result.backend;
    this.currentReason = result.backendReason;
    const failed = new Map(result.errors.map(({ slot, error }) => [slot, error]));
    live.forEach((call, slot) => {
      const error = failed.get(slot);
      if (error) this.settle(call, deserializeError(error));
      else this.settle(call, undefined, this.prediction(result, slot, call, sent));
    });
  }

  private prediction(result: RunResult, slot: number, call: Call, sent: number): Prediction {
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

  private settle(call: Call, error: unknown, prediction?: Prediction): void {
    if (call.settled) return;
    call.settled = true;
    call.cleanup?.();
    // A bitmap we made and never sent is ours to free (a sent one was transferred).
    if (!call.sent && call.input.kind === 'image' && call.input.transfer) (call.input.source as ImageBitmap).close();
    this.inFlight.delete(call);
    if (prediction) call.resolve(prediction);
    else call.reject(error);
  }

  private failAll(error: unknown): void {
    for (const call of [...this.batcher.drain(), ...this.inFlight]) this.settle(call, error);
  }

  private checkOpen(): void {
    if (this.disposed) throw new DisposedError('The classifier has been disposed; create a new one');
  }
}

function startWorker(option: ClassifierOptions['worker']): Worker {
  if (option === undefined) {
    return new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'se-edge' });
  }
  const worker = typeof option === 'function' ? option() : option;
  if (typeof Worker === 'undefined' || !(worker instanceof Worker)) {
    throw new OptionError('The worker option must be a Worker or a function that returns one');
  }
  return worker;
}

/** Rejects when the worker reports an uncaught error (it failed to start or crashed). */
function workerFailure(worker: Worker): { promise: Promise<never> } {
  const promise = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      reject(new WorkerError(`The worker failed: ${event.message || 'it could not be started (is worker.js served?)'}`));
    });
  });
  promise.catch(() => undefined); // observed by whoever races it
  return { promise };
}

function abortError(signal: AbortSignal): AbortError {
  return new AbortError('The call was aborted', { cause: signal.reason });
}
